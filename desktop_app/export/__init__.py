"""Documents the curator sends out: .docx from editable templates, .xlsx tables, e-mail package.

No Qt here: the CLI, the «Документы» section and tests call the same functions.

How to add a document (the API other features use)
---------------------------------------------------
1. Write ``desktop_app/export/kinds/<your_kind>.py`` with a build function and register it::

       from desktop_app.export.registry import DocumentKind, ExportOptions, Progress, register

       def build(db, out_dir, options: ExportOptions, progress: Progress) -> list[Path]:
           ...  # read data in one session, then render
           return [render_docx("order-pairs.docx", context, out_dir / name)]

       register(DocumentKind(key="order-pairs", title="Приказ о закреплении наставнических пар",
                             fmt="docx", build=build, takes_number=True,
                             templates=("order-pairs.docx",), group="Приказы"))

2. Import the module in ``desktop_app/export/kinds/__init__.py``. It then appears in
   ``nastavnik export order-pairs``, in ``export all``, in the «Документы» section and in the
   e-mail package, in import order.

Building blocks
---------------
- ``registry``: ``DocumentKind``, ``ExportOptions`` (today, period, person_ids, number, extra),
  ``Progress`` (``progress(done, total, what) -> bool``, False = cancelled: raise
  ``ExportCancelled``), ``register``, ``all_kinds``, ``get_kind``, ``build_documents``.
- ``docx_engine``: ``render_docx(template_name, context, target)`` fills a template from
  ``resources/templates/`` (or the curator's copy in ``<data dir>/templates/``) and writes it
  safely; ``official_context(...)`` in ``kinds/common.py`` gives the letterhead, date, number,
  place and the head's signature; ``add_table(template.new_subdoc(), columns, rows)`` for a table
  that fits the page. A broken template raises ``TemplateError`` (an ``AppError``) naming the
  file and quoting the place.
- ``xlsx_engine``: ``write_workbook(target, organisation, day, [XSheet(...)])``.
- ``files``: ``write_atomic`` (temporary name + ``os.replace``), ``OutputLocked`` /
  ``OutputNotWritable`` with a Russian message, ``free_name``, ``document_file_name``.
- ``desktop_app.services.declension``: ``person_declined(session, person_id)`` →
  ``DeclinedName`` with ``nom gen dat acc ins pre``, ``short_*`` («Петровой М.И.»), ``signature``
  («М.И. Петрова»), the curator's corrections applied; ``position_declined(session, text)``.
- ``package``: the e-mail package (.zip or folder + .eml draft) over any list of kinds.

Templates are made by ``resources/templates/make_templates.py`` (committed with its output):
add your template there so the layout stays the same in every document.
"""
