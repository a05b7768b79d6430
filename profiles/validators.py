"""Validators for profile fields. Messages are in Japanese, translated through gettext."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_KATAKANA_NAME = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fb\u3000 A-Za-z0-9.&'\-]+$")
LOGO_MAX_BYTES = 2 * 1024 * 1024
# A logo is shown at most a few hundred pixels wide; 4096 a side is generous.
LOGO_MAX_SIDE = 4096
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def fold_kana(value: str) -> str:
    """Half-width katakana to full width (NFKC), hiragana to katakana, spaces collapsed."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    value = re.sub(r"[\u3041-\u3096]", lambda m: chr(ord(m.group(0)) + 0x60), value)
    return " ".join(value.split())


def validate_katakana(value: str) -> None:
    if value and not _KATAKANA_NAME.match(value):
        raise ValidationError(
            _("フリガナはカタカナで入力してください"),
            code="not_katakana",
        )


TEXT_MAX = 4000


def validate_text_length(value: str) -> None:
    """Text fields are capped at 4,000 characters (Django does not enforce TextField lengths)."""
    if value and len(value) > TEXT_MAX:
        raise ValidationError(
            _("4000文字以内にしてください（%(n)s文字）"),
            params={"n": len(value)},
            code="too_long",
        )


def corporate_number_check_digit(base12: str) -> int:
    """国税庁の検査用数字: 9 − (Σ Pn × Qn mod 9), Pn the n-th digit from the right of the 12-digit
    base, Qn = 1 for odd n and 2 for even n."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def validate_corporate_number(value: str) -> None:
    if not value:
        return
    if not re.fullmatch(r"\d{13}", value):
        raise ValidationError(_("法人番号は13桁の数字です"), code="length")
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("法人番号の検査用数字が一致しません"),
            code="check_digit",
        )


def validate_logo(file) -> None:
    """The logo must be a real PNG, JPEG, GIF or WebP image of at most 2 MB and at most
    LOGO_MAX_SIDE pixels a side. Only the header is read to learn the size: a small file that
    claims a huge picture (a decompression bomb) is refused before any pixel is decoded."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    if file.size > LOGO_MAX_BYTES or getattr(file, "oversized", False):
        raise ValidationError(_("ロゴは2MB以下にしてください"), code="too_big")
    too_large = ValidationError(
        _("ロゴの画像が大きすぎます（縦横 %(side)s ピクセルまで）"),
        params={"side": LOGO_MAX_SIDE},
        code="too_many_pixels",
    )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that: both are refusals.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("ロゴが画像として読み取れません"),
            code="not_image",
        ) from exc
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("ロゴは PNG・JPEG・GIF・WebP のいずれかにしてください"),
            code="format",
        )
