"""QR codes for asset labels, drawn locally as SVG by the `qrcode` library (no network, no Pillow)."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe


def qr_svg(data, *, box_size=10, border=2):
    """An inline <svg> element encoding `data` (error correction M survives a scuffed label)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    markup = image.to_string(encoding="unicode")
    start = markup.find("<svg")
    return mark_safe(markup[start:] if start >= 0 else markup)  # noqa: S308  # nosec B308 B703 # qrcode's own SVG paths; the data is encoded as modules, never copied in as markup
