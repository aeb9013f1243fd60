#!/usr/bin/env python3
"""Writes Resources/SharedResource.resx (en) and SharedResource.zh-CN.resx from strings.tsv (key<TAB>en<TAB>zh-CN).
Keeping one table makes a missing translation impossible to overlook."""
import html, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent / "src" / "Rapport.Server" / "Resources"
rows = [l.rstrip("\n").split("\t") for l in (root / "strings.tsv").read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
bad = [r[0] for r in rows if len(r) != 3 or not r[1] or not r[2]]
if bad:
    sys.exit(f"strings.tsv: rows without both languages: {bad}")
keys = [r[0] for r in rows]
twice = sorted({k for k in keys if keys.count(k) > 1})
if twice:
    sys.exit(f"strings.tsv: keys given more than once (two branches added the same key?): {twice}")

head = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
for col, suffix in ((1, ""), (2, ".zh-CN")):
    body = "".join(f'  <data name="{html.escape(r[0])}" xml:space="preserve"><value>{html.escape(r[col], quote=False)}</value></data>\n' for r in rows)
    (root / f"SharedResource{suffix}.resx").write_text(head + body + "</root>\n", encoding="utf-8")
print(f"{len(rows)} strings written")
