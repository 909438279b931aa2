#!/usr/bin/env bash
# Makes the office and e-book files of the ingest tests from our own Spanish text
# (retirada.html, nota.txt, written for these tests), with the programs real users'
# files come from:
#   retirada.odt, retirada.docx, retirada.epub   LibreOffice Writer, from retirada.html
#   retirada.pdf, protegido.pdf                  LibreOffice Writer's PDF export of
#                                                retirada.odt, the second with the open
#                                                password "clave"
#   columnas.pdf                                 LibreOffice Writer's PDF export of
#                                                columnas.fodt (written for these tests:
#                                                two justified columns, a word cut at a
#                                                line's end, an U+FB01 ligature)
#   fechado.odt, .docx, .epub, .pdf              LibreOffice Writer, from fechado.fodt
#                                                (written for these tests: a title, an
#                                                author and a date of 2021-03-15 in its
#                                                metadata, which the ODT and the DOCX
#                                                keep; the PDF is dated at its export,
#                                                the EPUB not at all)
#   nota.docx                                    LibreOffice Writer, from nota.txt (no title
#                                                in its metadata)
#   protegido.docx                               retirada.docx encrypted with the password
#                                                "clave" by msoffcrypto-tool (Office's own
#                                                encryption: an OLE file, not a zip)
#   protegido.odt                                retirada.odt as an encrypted ODF package
#                                                looks to a reader: the manifest declares
#                                                encryption-data and content.xml is
#                                                ciphertext (random bytes here)
# The zip bomb, the damaged files and a PDF without text are made by the tests.
#
#   apt-get install libreoffice-writer-nogui && pip install msoffcrypto-tool
#   bash crates/core/tests/data/office/make.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
soffice="soffice --headless -env:UserInstallation=file://$work/profile"
$soffice --infilter="HTML (StarWriter)" --convert-to odt --outdir "$work" retirada.html
cp "$work/retirada.odt" .
$soffice --convert-to docx:"MS Word 2007 XML" retirada.odt
$soffice --convert-to epub retirada.odt
$soffice --convert-to pdf retirada.odt
$soffice --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"clave"}}' --outdir "$work" retirada.odt
cp "$work/retirada.pdf" protegido.pdf
$soffice --convert-to pdf columnas.fodt
$soffice --convert-to odt fechado.fodt
$soffice --convert-to docx:"MS Word 2007 XML" fechado.odt
$soffice --convert-to epub fechado.odt
$soffice --convert-to pdf fechado.odt
$soffice --infilter="Text (encoded):UTF8,LF,,," --convert-to docx:"MS Word 2007 XML" nota.txt
python3 - <<'PY'
import random, zipfile
from msoffcrypto.format.ooxml import OOXMLFile

with open("retirada.docx", "rb") as plain, open("protegido.docx", "wb") as out:
    OOXMLFile(plain).encrypt("clave", out)

random.seed(7)
with zipfile.ZipFile("retirada.odt") as src, zipfile.ZipFile("protegido.odt", "w") as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "content.xml":
            data = bytes(random.randrange(256) for _ in range(len(data)))
        elif item.filename == "META-INF/manifest.xml":
            data = data.decode().replace(
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
                '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>'
                '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>'
                '</manifest:encryption-data></manifest:file-entry>',
            ).encode()
            assert b"encryption-data" in data, "the manifest has no content.xml entry"
        dst.writestr(item, data)
PY
ls -l retirada.odt retirada.docx retirada.epub retirada.pdf protegido.pdf columnas.pdf fechado.* nota.docx protegido.docx protegido.odt
