"""Many messages at once: files, data frames and worker processes.

Private; the public names are re-exported by :mod:`infointerview.batch`. No
module here imports pandas, pyarrow, tqdm or Dask at import time: each does
so inside the function that needs it, so ``import infointerview`` stays cheap.
"""
