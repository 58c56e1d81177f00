"""What loading a model and converting it for another backend share: Hugging Face offline mode.

:mod:`framing.embedding.embedder` loads local models under it, and :mod:`framing.embedding.backends.ct2` converts them
under it, so neither waits on a hub lookup; both import it from here, below them both.
"""

from __future__ import annotations

import contextlib
import os

#: Environment variables that put huggingface_hub and transformers offline.
OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@contextlib.contextmanager
def offline():
    """Hugging Face offline mode for the duration of the block only; the environment is restored after.

    huggingface_hub reads ``HF_HUB_OFFLINE`` once, at import, into ``constants.HF_HUB_OFFLINE``
    (what ``is_offline_mode()`` returns), so that flag is set and restored too.

    Yields
    ------
    None
        Inside the block, both variables are ``"1"`` and the hub's flag is True.
    """
    # huggingface_hub costs seconds at `import framing`; only loading a model needs it.
    import huggingface_hub.constants as hub_constants

    saved_env = {name: os.environ.get(name) for name in OFFLINE_VARIABLES}
    saved_flag = hub_constants.HF_HUB_OFFLINE
    try:
        os.environ.update(dict.fromkeys(OFFLINE_VARIABLES, "1"))
        hub_constants.HF_HUB_OFFLINE = True
        yield
    finally:
        hub_constants.HF_HUB_OFFLINE = saved_flag
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
