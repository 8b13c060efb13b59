"""Demo evidence photos: small real images, each drawn from its label so that no two demo
files share a hash or look alike (the data-truth rules would rightly flag that)."""

from __future__ import annotations

import hashlib
import io
import random
from datetime import datetime

from PIL import ExifTags, Image, ImageDraw


def demo_photo(
    label: str,
    *,
    taken_at: datetime | None = None,
    size: tuple[int, int] = (160, 120),
    seed_label: str | None = None,
) -> bytes:
    """A JPEG of coloured blocks seeded by `seed_label or label`, EXIF time if given."""
    seed = int.from_bytes(hashlib.sha256((seed_label or label).encode()).digest()[:8], "big")
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle(
            [x, y, x + rng.randrange(10, 60), y + rng.randrange(10, 45)],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    exif = Image.Exif()
    exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = "HUAWEI", "Mate 60"
    if taken_at is not None:
        stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        exif[ExifTags.Base.DateTime] = stamp
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90, exif=exif)
    return output.getvalue()
