"""Fill or list Indonesian translations of one app's catalogue.

    .venv/bin/python scripts/po_fill.py APP --missing          list msgids without a translation
    .venv/bin/python scripts/po_fill.py APP translations.json  set msgstr from a {msgid: msgstr} object

Plural entries take a list of two strings in the JSON. Fuzzy marks are cleared on entries it fills.
"""

import argparse
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("translations", nargs="?", help="JSON file with {msgid: msgstr}")
    parser.add_argument("--missing", action="store_true", help="print untranslated msgids as a JSON object")
    args = parser.parse_args()

    path = ROOT / args.app / "locale" / "id" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    if args.missing:
        missing = {entry.msgid: "" for entry in catalogue if not entry.translated() or "fuzzy" in entry.flags}
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return 0

    translations = json.loads(Path(args.translations).read_text())
    filled = 0
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]} if isinstance(value, list) else {0: value, 1: value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save(str(path))
    left = sum(1 for entry in catalogue if not entry.translated())
    print(f"{args.app}: filled {filled}, still untranslated {left}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
