"""Real JPEG and PNG files made in the tests (no binary blobs in the repository)."""

from __future__ import annotations

import io
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw


def photo(
    *,
    seed: int = 1,
    taken_at: datetime | None = None,
    gps: tuple[float, float] | None = None,
    device: str = "HUAWEI P60",
    size: tuple[int, int] = (96, 72),
    fmt: str = "JPEG",
) -> bytes:
    """A photo-like image (a pattern drawn from `seed`) with the EXIF asked for."""
    image = Image.new("RGB", size, (30 + seed * 7 % 200, 90, 140))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        offset = (seed * 13 + i * 17) % size[0]
        draw.rectangle(
            [offset, i * 10, offset + 20, i * 10 + 14], fill=(250 - i * 30, seed * 31 % 255, 60)
        )
    exif = Image.Exif()
    if device:
        make, _, model = device.partition(" ")
        exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = make, model
    if taken_at:
        stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        exif[ExifTags.Base.DateTime] = stamp
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    if gps:
        ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        for (ref_tag, value_tag), value, refs in [
            ((ExifTags.GPS.GPSLatitudeRef, ExifTags.GPS.GPSLatitude), gps[0], "NS"),
            ((ExifTags.GPS.GPSLongitudeRef, ExifTags.GPS.GPSLongitude), gps[1], "EW"),
        ]:
            ifd[ref_tag] = refs[0] if value >= 0 else refs[1]
            degrees = abs(value)
            minutes = (degrees - int(degrees)) * 60
            ifd[value_tag] = (
                float(int(degrees)),
                float(int(minutes)),
                round((minutes - int(minutes)) * 60, 2),
            )
    output = io.BytesIO()
    extra = {"exif": exif} if (device or taken_at or gps) else {}
    image.save(output, fmt, **extra)
    return output.getvalue()
