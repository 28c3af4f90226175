"""ipywidgets user interface of the MMER dashboard. UI only: all analysis is done by ``mmer``."""
