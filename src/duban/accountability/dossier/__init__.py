"""一案一档: a problem's back-tracing dossier as Word (.docx) or PDF.

`files.dossier(user=…, problem=…, file_format="docx"|"pdf")` reads everything once (data.py)
and renders it (word.py, pdf.py); text.py holds the words both renderings share. Generating a
dossier writes nothing: it is a read of the ledger, which `duban audit verify` confirms.

This file imports none of the modules beside it, which import one another.
"""
