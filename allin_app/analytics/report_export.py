"""Making a report's file: the document's figures (report_content), its charts as images (report_charts,
PDF and slides only), then the file: PDF (report_pdf), XLSX with a sheet per section, PPTX with a slide
per section, or CSV. A run's progress is written as it goes, so the page (and the API) can show it."""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt
from sqlmodel import Session

from allin_app.analytics import report_spec as spec
from allin_app.analytics.report_charts import ChartsUnavailable, render_png
from allin_app.analytics.report_content import ReportDocument, build_document, cell_text
from allin_app.analytics.report_models import Report, ReportRun, RunStatus
from allin_app.analytics.report_pdf import write_pdf
from allin_app.analytics.reports import reports_dir
from allin_app.core.clock import utcnow
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError
from allin_app.core.rbac import Actor

log = logging.getLogger(__name__)
WITH_CHARTS = ("pdf", "pptx")
# share of the progress bar: gathering the figures, drawing the charts, writing the file
FIGURES_UNTIL, CHARTS_UNTIL = 60, 90


# ---- the formats ------------------------------------------------------------------------------


def write_xlsx(document: ReportDocument) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    bold = Font(bold=True)
    for row in ([document.title], [document.org_name], ["Period", document.start, document.end],
                ["Made on", document.generated_at], ["Figures", document.scope],
                *([["Prepared by", document.brand.name]] if document.brand.show else [])):
        summary.append(row)
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    summary.append(["Section", "Key figures"])
    summary.cell(summary.max_row, 1).font = summary.cell(summary.max_row, 2).font = bold
    for section in document.sections:
        summary.append([section.title, "; ".join(f"{label}: {value}" for label, value in section.figures)])
    fill = PatternFill("solid", fgColor=document.brand.primary.lstrip("#")) if document.brand.show else None
    for section in document.sections:
        sheet = book.create_sheet(_sheet_title(section.title, book.sheetnames))
        sheet.append(section.table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF" if fill else None)
            if fill:
                cell.fill = fill
        for values in section.table.rows:
            sheet.append(values)
        for column, header in enumerate(section.table.headers, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = max(12, min(60, len(header) + 4))
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 28, 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, taken: list[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
    return name if name not in taken else f"{name[:28]} {len(taken)}"


def write_pptx(document: ReportDocument) -> bytes:
    deck = Presentation()  # the default template: 10 x 7.5 inches
    color = RGBColor.from_string(document.brand.primary.lstrip("#").upper())
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = document.title
    cover.placeholders[1].text = f"{document.org_name}\n{document.period}"
    _band(deck, cover, color)
    if document.brand.show:
        _text(cover, document.brand.name, left=Inches(1.6) if document.brand.logo_png else Inches(0.5),
              top=Inches(0.3), width=Inches(8), size=Pt(24), bold=True, rgb=RGBColor(0xFF, 0xFF, 0xFF))
    if document.brand.logo_png:
        cover.shapes.add_picture(io.BytesIO(document.brand.logo_png), Inches(0.4), Inches(0.2), height=Inches(0.9))
    for section in document.sections:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = section.title
        slide.shapes.title.text_frame.paragraphs[0].font.color.rgb = color
        lines = [f"{label}: {value}" for label, value in section.figures] + ([section.note] if section.note else [])
        if section.image:
            picture = slide.shapes.add_picture(io.BytesIO(section.image), Inches(0.5), Inches(1.4), width=Inches(9))
            _text(slide, "\n".join(lines), left=Inches(0.5), top=picture.top + picture.height + Inches(0.1),
                  width=Inches(9), size=Pt(13))
        else:
            rows = [" · ".join(cell_text(v) for v in row) for row in section.table.rows[:10]]
            _text(slide, "\n".join(lines + rows), left=Inches(0.5), top=Inches(1.5), width=Inches(9), size=Pt(13))
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _band(deck, slide, color: RGBColor) -> None:
    band = slide.shapes.add_shape(1, 0, 0, deck.slide_width, Inches(1.3))  # 1: a rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = color
    band.line.fill.background()


def _text(slide, text: str, *, left, top, width, size, bold: bool = False, rgb: RGBColor | None = None):
    box = slide.shapes.add_textbox(left, top, width, Inches(4.5))
    box.text_frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size, paragraph.font.bold = size, bold
        if rgb is not None:
            paragraph.font.color.rgb = rgb
    return box


def write_csv(document: ReportDocument) -> bytes:
    """Each section as a block: its title, its header row, its rows, then a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([document.title, document.org_name, document.start.isoformat(), document.end.isoformat()])
    writer.writerow([])
    for section in document.sections:
        writer.writerow([section.title])
        writer.writerow(section.table.headers)
        for values in section.table.rows:
            writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date | datetime) else v
                             for v in values])
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read UTF-8


WRITERS = {"pdf": write_pdf, "xlsx": write_xlsx, "pptx": write_pptx, "csv": write_csv}


# ---- a run ------------------------------------------------------------------------------------


def make_file(db: Session, actor: Actor, report: Report, fmt: str, start: date, end: date,
              progress=lambda _p: None) -> bytes:
    """The report in `fmt` for `actor` (with their permissions), without recording a run."""
    document = build_document(db, actor, report, start, end, lambda p: progress(p * FIGURES_UNTIL // 100))
    if fmt in WITH_CHARTS:
        drawn = [s for s in document.sections if s.chart is not None]
        try:
            for section, image in zip(drawn, render_png([s.chart for s in drawn]), strict=True):
                section.image = image
        except ChartsUnavailable as exc:
            document.charts_note = str(exc)
        progress(CHARTS_UNTIL)
    return WRITERS[fmt](document)


def _set_progress(run_id: int, value: int, status: str = RunStatus.running) -> None:
    with session_scope() as db:
        run = db.get(ReportRun, run_id)
        run.progress, run.status = max(run.progress, min(value, 100)), status
        db.add(run)


def execute_run(run_id: int, actor: Actor) -> ReportRun:
    """Make the file of a queued run (blocking: call it on a worker thread) and record the outcome."""
    _set_progress(run_id, 1)
    try:
        with session_scope() as db:
            run = db.get(ReportRun, run_id)
            report = db.get(Report, run.report_id)
            body = make_file(db, actor, report, run.format, run.period_start, run.period_end,
                             lambda p: _set_progress(run_id, p))
            name = _file_name(report.name, run.period_start, run.period_end, run.format)
    except DomainError as exc:
        return _finish(run_id, error=exc.message)
    except Exception as exc:
        log.exception("report run %s failed", run_id)
        return _finish(run_id, error=f"The report could not be made ({exc.__class__.__name__}).")
    relative = f"{run.org_id}/{run.id}-{secrets.token_hex(8)}.{spec.FORMATS[run.format][2]}"
    path = reports_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return _finish(run_id, file_path=relative, file_name=name, size=len(body))


def _finish(run_id: int, *, error: str = "", file_path: str = "", file_name: str = "", size: int = 0) -> ReportRun:
    with session_scope() as db:
        run = db.get(ReportRun, run_id)
        run.status = RunStatus.failed if error else RunStatus.done
        run.progress = run.progress if error else 100
        run.error, run.file_path, run.file_name, run.file_size = error[:500], file_path, file_name, size
        run.finished_at = utcnow()
        db.add(run)
        return run


def _file_name(title: str, start: date, end: date, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "report"
    return f"{slug}-{start.isoformat()}-{end.isoformat()}.{spec.FORMATS[fmt][2]}"
