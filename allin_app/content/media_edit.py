"""Basic image editing with Pillow: crop, resize (to a network's preset size), rotate, flip, filters
and a text overlay. Operations are plain dicts (as the REST API and the page send them), applied in
order; the result is stored as a new library file that points at its original (`source_id`), and the
original is only read.

    [{"op": "resize", "preset": "instagram_square"}, {"op": "filter", "name": "sepia"},
     {"op": "text", "text": "Grand opening", "position": "bottom"}]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps
from sqlmodel import Session, col, select

from allin_app.content import media, media_store
from allin_app.content.models import MediaAsset
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor

FIELD = "operations"
MAX_SIDE = 8000
MAX_OPERATIONS = 20
MAX_TEXT = 200
# preset -> (label, width, height): the sizes each network recommends for a full-width post
PRESETS: dict[str, tuple[str, int, int]] = {
    "instagram_square": ("Instagram square", 1080, 1080),
    "instagram_portrait": ("Instagram portrait", 1080, 1350),
    "instagram_landscape": ("Instagram landscape", 1080, 566),
    "story": ("Story / Reel", 1080, 1920),
    "x_landscape": ("X (Twitter)", 1600, 900),
    "facebook_landscape": ("Facebook link", 1200, 630),
    "linkedin_landscape": ("LinkedIn", 1200, 627),
    "pinterest_pin": ("Pinterest pin", 1000, 1500),
    "youtube_thumbnail": ("YouTube thumbnail", 1280, 720),
}
FILTERS = ("grayscale", "sepia", "sharpen", "blur", "brightness", "contrast")
TEXT_POSITIONS = ("top", "center", "bottom")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SAVE_AS = {"image/jpeg": ("JPEG", ".jpg"), "image/png": ("PNG", ".png"), "image/webp": ("WEBP", ".webp")}


@dataclass(frozen=True)
class Edited:
    path: Path  # a temporary file under the data dir
    label: str  # what was done, for the new file's name ("Instagram square 1080×1080, sepia")


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(FIELD, message)


def _int(params: dict, name: str, low: int, high: int) -> int:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise _refuse(f"'{name}' must be a whole number.")
    if not low <= value <= high:
        raise _refuse(f"'{name}' must be between {low} and {high}.")
    return int(value)


def _number(params: dict, name: str, low: float, high: float, default: float) -> float:
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise _refuse(f"'{name}' must be a number between {low} and {high}.")
    return float(value)


def _crop(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    width, height = image.size
    left, top = _int(params, "left", 0, width - 1), _int(params, "top", 0, height - 1)
    box_width, box_height = _int(params, "width", 1, width - left), _int(params, "height", 1, height - top)
    return image.crop((left, top, left + box_width, top + box_height)), f"cropped {box_width}×{box_height}"


def _resize(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    """To a preset or a size, filling the frame: what sticks out of the new shape is cut off evenly."""
    preset = params.get("preset")
    if preset is not None:
        if preset not in PRESETS:
            raise _refuse(f"Unknown preset '{preset}'. Pick one of: {', '.join(PRESETS)}.")
        label, width, height = PRESETS[preset]
        label = f"{label} {width}×{height}"
    else:
        width, height = _int(params, "width", 1, MAX_SIDE), _int(params, "height", 1, MAX_SIDE)
        label = f"{width}×{height}"
    return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS), label


def _rotate(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    degrees = _number(params, "degrees", -360, 360, 90)
    if degrees % 90 == 0:  # exact quarter turns lose nothing and add no border
        turned = image.rotate(-degrees, expand=True)
    else:
        turned = image.convert("RGBA").rotate(-degrees, expand=True, resample=Image.Resampling.BICUBIC,
                                               fillcolor=(255, 255, 255, 0))
    return turned, f"rotated {degrees:g}°"


def _flip(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    direction = params.get("direction", "horizontal")
    if direction not in ("horizontal", "vertical"):
        raise _refuse("'direction' must be horizontal or vertical.")
    return (ImageOps.mirror(image) if direction == "horizontal" else ImageOps.flip(image)), f"flipped {direction}"


def _sepia(image: Image.Image) -> Image.Image:
    toned = ImageOps.colorize(ImageOps.grayscale(image), black="#2b1d0e", white="#f4e3c6")
    return _keep_alpha(image, toned)


def _keep_alpha(original: Image.Image, result: Image.Image) -> Image.Image:
    if original.mode == "RGBA":
        result = result.convert("RGBA")
        result.putalpha(original.getchannel("A"))
    return result


def _filter(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    name = params.get("name")
    if name not in FILTERS:
        raise _refuse(f"Unknown filter '{name}'. Pick one of: {', '.join(FILTERS)}.")
    if name == "grayscale":
        return _keep_alpha(image, ImageOps.grayscale(image).convert("RGB")), name
    if name == "sepia":
        return _sepia(image), name
    if name == "sharpen":
        return image.filter(ImageFilter.SHARPEN), name
    if name == "blur":
        return image.filter(ImageFilter.GaussianBlur(_number(params, "radius", 0.5, 50, 2))), name
    amount = _number(params, "amount", 0.1, 3, 1.3)
    enhancer = ImageEnhance.Brightness if name == "brightness" else ImageEnhance.Contrast
    return _keep_alpha(image, enhancer(image.convert("RGB")).enhance(amount)), f"{name} {amount:g}"


def _text(image: Image.Image, params: dict) -> tuple[Image.Image, str]:
    text = str(params.get("text", "")).strip()
    if not text or len(text) > MAX_TEXT:
        raise _refuse(f"The overlay text must be 1 to {MAX_TEXT} characters.")
    position, color = params.get("position", "bottom"), params.get("color", "#ffffff")
    if position not in TEXT_POSITIONS:
        raise _refuse("'position' must be top, center or bottom.")
    if not isinstance(color, str) or not HEX_COLOR.match(color):
        raise _refuse("'color' must look like #ffffff.")
    size = _int(params, "size", 8, 1000) if "size" in params else max(12, image.height // 12)
    canvas = image.convert("RGBA")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, stroke_width=max(1, size // 15))
    x = (canvas.width - (right - left)) // 2 - left
    margin = canvas.height // 20
    y = {"top": margin, "center": (canvas.height - (bottom - top)) // 2,
         "bottom": canvas.height - (bottom - top) - margin}[position] - top
    draw.text((x, y), text, font=font, fill=color, stroke_width=max(1, size // 15), stroke_fill="#000000")
    return canvas, "text"


OPERATIONS: dict[str, Callable[[Image.Image, dict], tuple[Image.Image, str]]] = {
    "crop": _crop, "resize": _resize, "rotate": _rotate, "flip": _flip, "filter": _filter, "text": _text,
}


def _check_list(operations: object) -> list[dict]:
    if not isinstance(operations, list) or not operations:
        raise _refuse("Choose at least one change (crop, resize, rotate, flip, filter or text).")
    if len(operations) > MAX_OPERATIONS:
        raise _refuse(f"At most {MAX_OPERATIONS} changes at once.")
    for step in operations:
        if not isinstance(step, dict) or step.get("op") not in OPERATIONS:
            raise _refuse(f"Each change needs an 'op': one of {', '.join(OPERATIONS)}.")
    return operations


def apply(source: Path, mime: str, operations: object) -> Edited:
    """Apply `operations` in order to the image at `source` and save the result as a new temporary file."""
    steps = _check_list(operations)
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    labels = []
    for step in steps:
        image, label = OPERATIONS[step["op"]](image, step)
        if max(image.size) > MAX_SIDE:
            raise _refuse(f"The result would be {image.width}×{image.height}; at most {MAX_SIDE} pixels a side.")
        labels.append(label)
    return Edited(path=_save(image, mime), label=", ".join(labels))


def _save(image: Image.Image, mime: str) -> Path:
    """In the original's format where it is JPEG, PNG or WebP, else PNG."""
    pillow_format, suffix = SAVE_AS.get(mime, ("PNG", ".png"))
    if pillow_format == "JPEG":
        image = media_store.flatten(image)
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    path = media_store.new_temp_path(suffix)
    image.save(path, pillow_format, **({"quality": 90} if pillow_format in ("JPEG", "WEBP") else {}))
    return path


def save_name(original_name: str, label: str, mime: str) -> str:
    """The edited copy's name: the original's, what was done, and the saved format's extension."""
    stem = Path(original_name).stem or "image"
    suffix = SAVE_AS.get(mime, ("PNG", ".png"))[1]
    room = 255 - len(suffix) - 3
    return f"{stem} ({label})"[:room] + suffix


def edit_image(db: Session, actor: Actor, asset_id: int, operations: object) -> tuple[MediaAsset, bool]:
    """Save an edited copy as a new file (source_id = the original); the original is never changed.

    Returns the new file, and whether those exact bytes were already in the library (then it is that file)."""
    source = media.find_asset(db, actor, asset_id)
    if source.kind != "image":
        raise ValidationFailed("operations", "Only still images can be edited (not GIFs, videos or PDFs).")
    edited = apply(media_store.path_of(source.storage_key), source.mime, operations)
    received = media_store.received_file(edited.path)
    name = save_name(source.name, edited.label, source.mime)
    folder_id = source.folder_id if source.org_id == actor.org_id else None
    return media.add_received(db, actor, received, name, folder_id=folder_id, tags=source.tags,
                              alt_text=source.alt_text, source_id=source.id)


def versions_of(db: Session, actor: Actor, asset_id: int) -> list[MediaAsset]:
    """The original a file was edited from and every edited copy of it, oldest first."""
    root = media.find_asset(db, actor, asset_id)
    for _ in range(20):  # an edit of an edit of ...: climb to the first original this person can see
        try:
            root = media.find_asset(db, actor, root.source_id) if root.source_id else root
        except NotFound:
            break
    family, frontier = [root], [root.id]
    while frontier and len(family) < 100:
        children = list(db.exec(select(MediaAsset).where(col(MediaAsset.source_id).in_(frontier),
                                                         col(MediaAsset.deleted_at).is_(None),
                                                         media.visible_to(db, actor))))
        family += children
        frontier = [c.id for c in children]
    return sorted(family, key=lambda a: a.id)
