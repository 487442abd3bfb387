"""Sphinx configuration for the cevns API reference.

Build (offline, warnings are errors)::

    python -m sphinx -W --keep-going -b html docs build/docs
"""

from importlib.metadata import version as _version

project = "cevns"
author = "The cevns developers"
copyright = "The cevns developers"
release = _version("cevns")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]

source_suffix = {".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "architecture.md", "figures"]

# Every API page documents what the docstrings say; warnings are fixed by choosing what to
# document, never by silencing them.
nitpicky = False
autodoc_default_options = {"members": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"

napoleon_google_docstring = True
napoleon_numpy_docstring = True

html_theme = "alabaster"
html_static_path: list[str] = []
