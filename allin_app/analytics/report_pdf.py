"""A report as a PDF (fpdf2): a cover in the brand's colours with its logo, then a page per section with
its key figures, its chart and its table."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from allin_app.analytics.report_content import ReportDocument, Section, cell_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core: Unicode text (names, posts)
MAX_ROWS = 40  # table rows per section in the PDF; the spreadsheet export has them all
GRAY = (107, 114, 128)
DARK = (17, 24, 39)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4)) if len(color) == 6 else (79, 70, 229)


class _Pdf(FPDF):
    def __init__(self, document: ReportDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.family, self.unicode = "helvetica", False
        if (FONT_DIR / "DejaVuSans.ttf").is_file() and (FONT_DIR / "DejaVuSans-Bold.ttf").is_file():
            self.add_font("dejavu", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("dejavu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.family, self.unicode = "dejavu", True
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(document.title)
        self.set_author(document.brand.name or document.org_name)
        self.set_creator(document.brand.name or "AllIN")

    def text_of(self, text: str) -> str:
        """The built-in font speaks Latin-1 only; without DejaVu, other characters become '?'."""
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*GRAY)
        who = " · ".join(x for x in (self.document.brand.name, self.document.org_name) if x)
        self.cell(0, 6, self.text_of(f"{who} · {self.document.title} · {self.document.period}"), align="L")
        self.cell(0, 6, f"{self.page_no()}", align="R", new_x="LMARGIN", new_y="NEXT")


def write_pdf(document: ReportDocument) -> bytes:
    pdf = _Pdf(document)
    _cover(pdf, document)
    for section in document.sections:
        _section(pdf, document, section)
    return bytes(pdf.output())


def _cover(pdf: _Pdf, document: ReportDocument) -> None:
    pdf.add_page()
    brand = document.brand
    pdf.set_fill_color(*_rgb(brand.primary))
    pdf.rect(0, 0, pdf.w, 52, style="F")
    pdf.set_xy(pdf.l_margin, 14)
    if brand.logo_png:
        pdf.image(io.BytesIO(brand.logo_png), x=pdf.l_margin, y=12, h=24)
        pdf.set_x(pdf.l_margin + 30)
    if brand.show:
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(pdf.family, "B", 20)
        pdf.cell(0, 14, pdf.text_of(brand.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(68)
    pdf.set_text_color(*DARK)
    pdf.set_font(pdf.family, "B", 26)
    pdf.multi_cell(0, 12, pdf.text_of(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 14)
    pdf.multi_cell(0, 8, pdf.text_of(f"{document.org_name}\n{document.period}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(pdf.family, "", 10)
    pdf.set_text_color(*GRAY)
    lines = [document.scope, f"Made on {document.generated_at}."]
    if document.charts_note:
        lines.append(document.charts_note)
    pdf.multi_cell(0, 6, pdf.text_of("\n".join(lines)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_text_color(*DARK)
    pdf.set_font(pdf.family, "B", 12)
    pdf.cell(0, 8, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 11)
    for number, section in enumerate(document.sections, start=1):
        pdf.cell(0, 7, pdf.text_of(f"{number}. {section.title}"), new_x="LMARGIN", new_y="NEXT")


def _section(pdf: _Pdf, document: ReportDocument, section: Section) -> None:
    pdf.add_page()
    pdf.set_text_color(*_rgb(document.brand.primary))
    pdf.set_font(pdf.family, "B", 18)
    pdf.cell(0, 11, pdf.text_of(section.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*DARK)
    if section.figures:
        _figures(pdf, section.figures)
    if section.note:
        pdf.set_font(pdf.family, "", 9)
        pdf.set_text_color(*GRAY)
        pdf.multi_cell(0, 5, pdf.text_of(section.note), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
    if section.image:
        pdf.ln(2)
        pdf.image(io.BytesIO(section.image), x=pdf.l_margin, w=pdf.epw)
    if section.table.rows:
        pdf.ln(3)
        _table(pdf, document, section)


def _figures(pdf: _Pdf, figures: list[tuple[str, str]]) -> None:
    width = pdf.epw / 3
    for index, (label, value) in enumerate(figures):
        if index and index % 3 == 0:
            pdf.ln(14)
        x, y = pdf.l_margin + width * (index % 3), pdf.get_y()
        pdf.set_xy(x, y)
        pdf.set_font(pdf.family, "", 8)
        pdf.set_text_color(*GRAY)
        pdf.cell(width - 2, 5, pdf.text_of(label))
        pdf.set_xy(x, y + 5)
        pdf.set_font(pdf.family, "B", 11)
        pdf.set_text_color(*DARK)
        pdf.cell(width - 2, 7, pdf.text_of(value))
        pdf.set_xy(pdf.l_margin, y)
    pdf.ln(15)


def _widths(headers: list[str], cells: list[list[str]]) -> list[float]:
    """Relative column widths: long texts (post previews) get room, numbers stay narrow."""
    widths = []
    for column, header in enumerate(headers):
        longest = max([len(word) + 2 for word in header.split()] + [len(row[column]) for row in cells])
        widths.append(min(max(longest, 6), 36))
    return widths


def _table(pdf: _Pdf, document: ReportDocument, section: Section) -> None:
    rows = section.table.rows[:MAX_ROWS]
    pdf.set_font(pdf.family, "", 7.5 if len(section.table.headers) > 6 else 8.5)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_rgb(document.brand.primary))
    cells = [[pdf.text_of(cell_text(v)) for v in values] for values in rows]
    pdf.set_fill_color(255, 255, 255)  # the cover's band colour must not leak into the cells
    pdf.set_draw_color(209, 213, 219)
    with pdf.table(headings_style=heading, line_height=4.6, text_align="LEFT", padding=1,
                   col_widths=_widths(section.table.headers, cells), cell_fill_color=(243, 244, 246),
                   cell_fill_mode="ROWS") as table:
        table.row([pdf.text_of(h) for h in section.table.headers])
        for values in cells:
            table.row(values)
    left = len(section.table.rows) - len(rows)
    if left > 0:
        pdf.set_font(pdf.family, "", 8)
        pdf.set_text_color(*GRAY)
        pdf.cell(0, 6, f"{left} more rows in the Excel and CSV exports.", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*DARK)
