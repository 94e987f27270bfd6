"""Tests for the example notebook: its code runs and its stored outputs are current."""

from __future__ import annotations

import contextlib
import io
import json
import pathlib

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "examples" / "render-letter.ipynb"


class TestRenderNotebook:
    def test_outputs_match_a_fresh_run(self):
        """Running every code cell reproduces the outputs stored in the notebook."""
        notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        namespace: dict[str, object] = {}
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            body, _, last = source.rpartition("\n")
            stdout = io.StringIO()
            shows_value = last.isidentifier()
            with contextlib.redirect_stdout(stdout):
                exec(compile(body if shows_value else source, str(NOTEBOOK), "exec"), namespace)
                value = eval(last, namespace) if shows_value else None
            expected = {}
            for output in cell["outputs"]:
                if output["output_type"] == "stream":
                    expected["stdout"] = "".join(output["text"])
                else:
                    expected["html"] = "".join(output["data"]["text/html"])
            actual = {}
            if stdout.getvalue():
                actual["stdout"] = stdout.getvalue()
            if value is not None:
                actual["html"] = value._repr_html_()
            assert expected == actual
