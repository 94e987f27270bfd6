"""Run examples/notebook.ipynb on this interpreter and store its fresh outputs.

Usage: python scripts/refresh_notebook.py

tests/test_examples.py fails when the stored outputs differ from a fresh run;
after a change to the letters or the checks, run this and commit the notebook.
The notebook's own metadata (its kernel spec) is kept as it was, and no run
numbers or timestamps are stored.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import tempfile

import nbclient
import nbformat

NOTEBOOK = pathlib.Path(__file__).resolve().parent.parent / "examples" / "notebook.ipynb"


def main() -> int:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    kept = dict(notebook.metadata)
    with tempfile.TemporaryDirectory() as spec_dir:
        # A kernel spec of our own, so that the notebook runs on this interpreter.
        kernel = pathlib.Path(spec_dir) / "kernels" / "infointerview-refresh"
        kernel.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        spec = {"argv": argv, "display_name": "infointerview", "language": "python"}
        (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        os.environ["JUPYTER_PATH"] = spec_dir
        os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
        client = nbclient.NotebookClient(
            notebook,
            timeout=120,
            kernel_name="infointerview-refresh",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()
    notebook.metadata = kept
    for cell in notebook.cells:  # no run numbers or timestamps: diffs show outputs only
        if cell.cell_type == "code":
            cell.execution_count = None
            cell.metadata.pop("execution", None)
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
    nbformat.write(notebook, NOTEBOOK)
    print(f"refreshed {NOTEBOOK.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
