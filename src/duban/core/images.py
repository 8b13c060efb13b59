"""What an evidence photo says about itself (EXIF time, GPS, device, perceptual hash), and a
clean re-encoded copy without comments, XMP or other embedded payloads."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import imagehash
from PIL import ExifTags, Image, UnidentifiedImageError

from duban.core.errors import IMAGE_UNREADABLE
from duban.errors import ApplicationError

MAX_PIXELS = 60_000_000  # refuse decompression bombs early
EXIF_DATETIME_FORMAT = "%Y:%m:%d %H:%M:%S"


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    phash: str
    taken_at: datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    device: str

    @property
    def has_exif(self) -> bool:
        return self.taken_at is not None or self.latitude is not None or bool(self.device)

    def as_metadata(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "height": self.height,
            "phash": self.phash,
            "exif_taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "exif_latitude": str(self.latitude) if self.latitude is not None else None,
            "exif_longitude": str(self.longitude) if self.longitude is not None else None,
            "exif_device": self.device,
            "exif_missing": not self.has_exif,
        }


def _open(content: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ApplicationError(
            "the image cannot be read",
            code="bad_image",
            fields={"file": IMAGE_UNREADABLE(error=str(error))},
        ) from error
    return image


def _degrees(value: Any, reference: str | None) -> Decimal | None:
    """EXIF GPS (degrees, minutes, seconds) rationals → signed decimal degrees."""
    try:
        degrees, minutes, seconds = (Decimal(str(float(part))) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    if reference in ("S", "W"):
        result = -result
    return result.quantize(Decimal("0.000001"))


def _taken_at(exif: Image.Exif) -> datetime | None:
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    raw = sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    try:
        return datetime.strptime(str(raw).strip("\x00 "), EXIF_DATETIME_FORMAT) if raw else None
    except ValueError:
        return None


def inspect_image(content: bytes) -> ImageFacts:
    """Read size, perceptual hash and EXIF facts; missing EXIF is simply recorded as missing."""
    image = _open(content)
    exif = image.getexif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef))
    device = " ".join(
        str(exif.get(tag, "")).strip("\x00 ") for tag in (ExifTags.Base.Make, ExifTags.Base.Model)
    ).strip()
    return ImageFacts(
        width=image.width,
        height=image.height,
        phash=str(imagehash.phash(image)),
        taken_at=_taken_at(exif),
        latitude=latitude,
        longitude=longitude,
        device=device,
    )


def sanitize_image(content: bytes, content_type: str) -> bytes:
    """Re-encode pixels and EXIF only: comments, XMP, text chunks and trailing data are dropped."""
    image = _open(content)
    exif = image.getexif()
    # A fresh image carries pixels only: no comment, XMP, ICC or text chunks ride along.
    source = image.convert("RGBA") if image.mode in ("P", "PA") else image
    clean = Image.new(source.mode, source.size)
    clean.paste(source)
    output = io.BytesIO()
    if content_type == "image/jpeg":
        clean.convert("RGB").save(output, "JPEG", quality=95, exif=exif.tobytes() if exif else b"")
    else:
        clean.save(output, "PNG", **({"exif": exif.tobytes()} if exif else {}))
    return output.getvalue()
