#!/usr/bin/env python3
"""Writes the small PDF seeds of the `read_pdf` fuzz target into fuzz/seeds/read_pdf/.

Each is a minimal, valid PDF written by hand (no fonts embedded, so each is under 2 KiB
and libFuzzer can mutate every part of it): plain and Flate-compressed content streams,
Windows-1252 accents and ñ, a UTF-16 /Title, two pages, an object stream and a
cross-reference stream. Run from the repository's root: python3 fuzz/seeds/make_pdf.py
"""
import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "read_pdf")


def pdf(objects, info=None):
    """A PDF from object bodies (1-based numbering), with a classic xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data, compress=False):
    if compress:
        data = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text(lines):
    ops = b"BT /F1 12 Tf 72 720 Td 14 TL "
    for line in lines:
        ops += b"(" + line.encode("cp1252") + b") Tj T* "
    return ops + b"ET"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page(lines, compress=False, title=None):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(text(lines), compress),
        FONT,
    ]
    info = None
    if title is not None:
        objects.append(b"<< /Title <" + ("\ufeff" + title).encode("utf-16-be").hex().encode() + b"> >>")
        info = len(objects)
    return pdf(objects, info)


def two_pages():
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
        stream(text(["Primera p\u00e1gina: el a\u00f1o de la retirada."])),
        stream(text(["Segunda p\u00e1gina: la acci\u00f3n de los soldados."]), compress=True),
        FONT,
    ])


def object_stream():
    """PDF 1.5: objects 1-3 and 5 in an object stream, a cross-reference stream."""
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
           b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        5: FONT,
    }
    header, data = b"", b""
    for number, body in bodies.items():
        header += b"%d %d " % (number, len(data))
        data += body + b" "
    packed = zlib.compress(header + data)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    offsets[4] = len(out)
    out += b"4 0 obj\n" + stream(text(["Ma\u00f1ana, en Espa\u00f1a."]), compress=True) + b"\nendobj\n"
    offsets[6] = len(out)
    out += (b"6 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
            % (len(bodies), len(header), len(packed)) + packed + b"\nendstream\nendobj\n")
    offsets[7] = len(out)
    # Rows: type, field 2, field 3 with widths 1, 4, 2.
    rows = [(0, 0, 65535)]
    for number in range(1, 8):
        if number in bodies:
            rows.append((2, 6, list(bodies).index(number)))
        elif number in offsets:
            rows.append((1, offsets[number], 0))
    xref = b"".join(bytes([t]) + f2.to_bytes(4, "big") + f3.to_bytes(2, "big") for t, f2, f3 in rows)
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % len(xref) + xref + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {
        "plano.pdf": one_page(["La retirada de las tropas espa\u00f1olas de Irak.", "ACCI\u00d3N y asesor\u00eda."]),
        "comprimido.pdf": one_page(["El a\u00f1o de la retirada, no el ano."], compress=True),
        "titulo.pdf": one_page(["Cuerpo del art\u00edculo."], title="Retirada de las tropas \u2014 a\u00f1o 2004"),
        "dos-paginas.pdf": two_pages(),
        "objetos.pdf": object_stream(),
        "vacio.pdf": one_page([]),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
