#!/usr/bin/env python3
"""Regenerate the bad-input catalogue in this folder (tests/bad_input/).

Every file here is written by this script, deterministically (no randomness
without a fixed seed), so `python3 make.py` reproduces the committed files
byte for byte. The big inputs (a 200 MB single line, a 20 MB JSONL text
field) are *not* made here: tests/bad_input.rs writes them to a temp dir at
test time.

The good records G1..G3 are the reference: clean.jsonl / clean.txt hold only
them, and every faulty file that keeps them must give the same events for
them (see tests/bad_input.rs and README.md in this folder).
"""

import gzip
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

G = [
    ("g1", "2017-02-07", "Russia condemned the attack by Ukraine."),
    ("g2", "2017-02-08", "The United States imposed sanctions on Iran."),
    ("g3", "2017-02-09", "China accused Japan of provocation."),
]


def w(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def jl(i):
    """The JSONL line of good record i (0-based), no newline."""
    gid, date, text = G[i]
    return '{"id": "%s", "date": "%s", "text": "%s"}' % (gid, date, text)


def cl(i):
    """The CSV row of good record i (columns id,date,text), no newline."""
    gid, date, text = G[i]
    return "%s,%s,%s" % (gid, date, text)


def xr(i):
    """The PETRARCH XML record of good record i (4 lines, trailing newline)."""
    gid, date, text = G[i]
    return '<Sentence date="%s" id="%s">\n<Text>\n%s\n</Text>\n</Sentence>\n' % (
        date.replace("-", ""),
        gid,
        text,
    )


CLEAN_TEXT = " ".join(t for _, _, t in G) + "\n"
XML_HEAD = "<?xml version='1.0' encoding='utf-8'?>\n<Sentences>\n"
XML_TAIL = "</Sentences>\n"


def utf16(s, le):
    bom = b"\xff\xfe" if le else b"\xfe\xff"
    return bom + s.encode("utf-16-le" if le else "utf-16-be")


def png_1x1():
    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>World news</title>
<script>var x = "<p>not text</p>"; if (a < b && c > d) {}</script>
<style>p { color: red; }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks stall</h1>
<p>Russia condemned the attack by Ukraine.</p>
<p>The United States imposed sanctions on Iran.&nbsp;&amp; more &lt;here&gt;</p>
<div class="ad"><img src="x.png" alt="ad"></div>
</article></body></html>
"""


def main():
    # ---------------------------------------------------------- references
    w("clean.jsonl", "".join(jl(i) + "\n" for i in range(3)))
    w("clean.txt", CLEAN_TEXT)
    w("clean.xml", XML_HEAD + xr(0) + xr(1) + xr(2) + XML_TAIL)
    # Soft hyphens (U+00AD) inside words, as hyphenating CMSs leave them.
    w(
        "soft_hyphen.txt",
        "Rus\u00adsia con\u00addemned the at\u00adtack by Ukraine. The United Sta\u00adtes im\u00adposed "
        "sanc\u00adtions on Iran. Chi\u00adna ac\u00adcused Ja\u00adpan of pro\u00advo\u00adca\u00adtion.\n",
    )

    # ---------------------------------------------------------- plain text
    w("empty.txt", b"")
    w("whitespace_only.txt", " \t\n\n   \r\n\t\t \x0b\x0c\n")
    w("invalid_utf8.txt", CLEAN_TEXT.encode() + b"Line two has bad bytes \xff\xfe\xc3( here.\n")
    w("utf8_bom.txt", b"\xef\xbb\xbf" + CLEAN_TEXT.encode())
    w("utf16le_bom.txt", utf16(CLEAN_TEXT, True))
    w("utf16be_bom.txt", utf16(CLEAN_TEXT, False))
    # Lone surrogate on line 2, odd trailing byte at the end.
    w(
        "utf16le_lone_surrogate.txt",
        utf16(CLEAN_TEXT, True) + b"\x00\xd8" + "A.\n".encode("utf-16-le") + b"\x41",
    )
    w("utf16le_no_bom.txt", CLEAN_TEXT.encode("utf-16-le"))
    w("latin1.txt", CLEAN_TEXT.encode() + "Le caf\u00e9 \u00e0 Gen\u00e8ve \u00e9tait ferm\u00e9.\n".encode("latin-1"))
    w("cp1252_quotes.txt", CLEAN_TEXT.encode() + b"He said \x93no\x94 \x96 twice\x85\n")
    w("overlong_utf8.txt", CLEAN_TEXT.encode() + b"Overlong \xc0\xaf and surrogate \xed\xa0\x80 and \xf4\x90\x80\x80.\n")
    w("truncated_utf8.txt", CLEAN_TEXT.encode() + b"Cut \xe2\x82")
    w("cr_only.txt", "\r".join(t for _, _, t in G) + "\r")
    w("crlf.txt", "\r\n".join(t for _, _, t in G) + "\r\n")
    w("nul_bytes.txt", "\x00".join(t for _, _, t in G) + "\x00\x00\n")
    w("control_chars.txt", CLEAN_TEXT + "Bell\x07 escape\x1b[31m red\x1b[0m \x7f del \u2028 sep \u200b\u200d\u202e rtl \u0301\u0301 marks.\n")
    w("html_page.html", HTML_PAGE)
    w("png_1x1.png", png_1x1())
    w("gzip_text.txt.gz", gz(CLEAN_TEXT.encode()))
    rnd = random.Random(7)
    w("random_binary.bin", bytes(rnd.randrange(256) for _ in range(4096)))
    w("long_token.txt", CLEAN_TEXT + "x" * 100_000 + "\n")
    w("punctuation_only.txt", "." * 20_000 + "\n" + "!?" * 5000 + "\n" + "\"'()[]{}" * 2000 + "\n")
    w("deep_brackets.txt", CLEAN_TEXT + "(" * 5000 + "Russia condemned Ukraine" + ")" * 5000 + ".\n" + '"' * 3000 + "\n")
    w("emoji_astral.txt", CLEAN_TEXT + "\U0001F600\U0001F1FA\U0001F1F8 \U00010348 \uFFFD \uFEFF mid-text BOM.\n")
    w("mixed_scripts.txt", "\u0420\u043e\u0441\u0441\u0438\u044f \u043e\u0441\u0443\u0434\u0438\u043b\u0430 \u0443\u0434\u0430\u0440. \u4e2d\u56fd\u6307\u8d23\u65e5\u672c\u3002 \u0645\u0635\u0631 \u062a\u062f\u064a\u0646.\n" * 20)
    w("dots_and_abbrevs.txt", "U.S. U.N. Mr. Dr. St. " * 2000 + "\n")
    w("many_newlines.txt", "\n" * 50_000 + CLEAN_TEXT)

    # ---------------------------------------------------------- JSONL
    w(
        "jsonl_broken_lines.jsonl",
        "\n".join(
            [
                jl(0),
                '{"id": "b2", "text": "Russia condemned',
                "}",
                jl(1),
                "{",
                '{"id": "b6" "text": "missing comma"}',
                '{"id": "b7", "text": "trailing comma",}',
                jl(2),
                '{"id": "b9", "text": "unterminated string}',
            ]
        )
        + "\n",
    )
    w(
        "jsonl_missing_fields.jsonl",
        "\n".join(
            [
                '{"id": "m1", "date": "2017-02-07"}',
                jl(0),
                '{"id": "m3", "text": null}',
                "{}",
                jl(1),
                '{"id": "m6", "body": "Russia condemned the attack by Ukraine."}',
                jl(2),
            ]
        )
        + "\n",
    )
    w(
        "jsonl_wrong_types.jsonl",
        "\n".join(
            [
                '{"id": "t1", "text": 42}',
                '{"id": "t2", "text": ["Russia condemned the attack by Ukraine."]}',
                jl(0),
                '{"id": "t4", "text": {"body": "x"}}',
                '{"id": "t5", "text": true}',
                '{"id": ["t6"], "text": "ok"}',
                jl(1),
                '{"id": "t8", "date": {"y": 2017}, "text": "ok"}',
                '{"id": "t9", "title": 7, "text": "ok"}',
                '{"id": "t10", "url": false, "text": "ok"}',
                jl(2),
            ]
        )
        + "\n",
    )
    w(
        "jsonl_not_objects.jsonl",
        "\n".join(
            ['[1, 2, 3]', jl(0), '"just a string"', "42", jl(1), "null", "true", jl(2)]
        )
        + "\n",
    )
    w(
        "jsonl_huge_field.jsonl",
        '{"id": "h1", "text": "Hello.", "title": "%s"}\n' % ("T" * 65_536)
        + jl(0)
        + "\n"
        + '{"id": "h3", "extra": "%s", "text": "Fine."}\n' % ("\\u00e9" * 20_000)
        + jl(1)
        + "\n"
        + jl(2)
        + "\n",
    )
    w("jsonl_crlf_blank.jsonl", "\r\n\r\n" + jl(0) + "\r\n   \r\n\t\r\n" + jl(1) + "\r\n\n\n" + jl(2) + "\r\n")
    w(
        "jsonl_bad_dates.jsonl",
        "\n".join(
            [
                '{"id": "g1", "date": "someday", "text": "Russia condemned the attack by Ukraine."}',
                '{"id": "g2", "date": "2017-02-30", "text": "The United States imposed sanctions on Iran."}',
                '{"id": "g3", "date": 99999999999999999999, "text": "China accused Japan of provocation."}',
            ]
        )
        + "\n",
    )
    w(
        "jsonl_invalid_utf8.jsonl",
        (jl(0) + "\n").encode()
        + b'{"id": "u2", "text": "caf\xe9 \xff\xfe talks"}\n'
        + (jl(1) + "\n" + jl(2) + "\n").encode(),
    )
    w(
        "jsonl_nul.jsonl",
        (jl(0) + "\n").encode()
        + b'{"id": "n2", "text": "a\x00b"}\n'
        + b'{"id": "n3", "text": "with escape \\u0000 inside."}\n'
        + b"\x00\x00\x00\n"
        + (jl(1) + "\n" + jl(2) + "\n").encode(),
    )
    w(
        "jsonl_duplicate_keys.jsonl",
        '{"id": "d1", "text": "Hello.", "text": "Russia condemned the attack by Ukraine."}\n'
        + jl(1)
        + "\n"
        + jl(2)
        + "\n",
    )
    w("jsonl_no_final_newline.jsonl", jl(0) + "\n" + jl(1) + "\n" + jl(2))
    w(
        "jsonl_deep_nesting.jsonl",
        jl(0) + "\n" + '{"id": "deep", "x": ' + "[" * 10_000 + "]" * 10_000 + ', "text": "Hi."}\n' + jl(1) + "\n" + jl(2) + "\n",
    )
    w(
        "jsonl_lone_surrogate_escape.jsonl",
        jl(0) + "\n" + '{"id": "s2", "text": "lone \\ud800 surrogate"}\n' + '{"id": "s3", "text": "pair \\ud83d\\ude00 ok"}\n' + jl(1) + "\n" + jl(2) + "\n",
    )
    w("jsonl_utf16le_bom.jsonl", utf16("".join(jl(i) + "\n" for i in range(3)), True))
    w("jsonl_utf8_bom.jsonl", "\ufeff" + "".join(jl(i) + "\n" for i in range(3)))
    w("jsonl_html.jsonl", HTML_PAGE)
    w(
        "jsonl_empty_text.jsonl",
        '{"id": "e1", "text": ""}\n{"id": "e2", "text": "   \\n\\t "}\n' + "".join(jl(i) + "\n" for i in range(3)),
    )
    w("jsonl_binary.jsonl", gz("".join(jl(i) + "\n" for i in range(3)).encode()))

    # ---------------------------------------------------------- CSV
    w(
        "csv_unbalanced_quotes.csv",
        "id,date,text\n"
        + cl(0)
        + "\n"
        + cl(1)
        + "\n"
        + cl(2)
        + "\n"
        + 'q4,2017-02-10,"never closed\nq5,2017-02-11,swallowed by the open quote\n',
    )
    w(
        "csv_ragged_rows.csv",
        "id,date,text\n" + cl(0) + "\nr2,2017-02-07\n" + cl(1) + "\nr4,2017-02-07,one,two,three\n\n" + cl(2) + "\nr6\n",
    )
    w("csv_no_text_column.csv", "id,date,body\n1,2017-02-07,Russia condemned the attack by Ukraine.\n")
    w("csv_semicolon.csv", "id;date;text\ng1;2017-02-07;Russia condemned the attack by Ukraine.\n")
    w("csv_header_only.csv", "id,date,text\n")
    w("csv_empty.csv", b"")
    w("csv_quote_mid_field.csv", "id,date,text\n" + cl(0) + '\nm2,2017-02-07,He said "no" twice.\n' + cl(1) + "\n" + cl(2) + "\n")
    w(
        "csv_crlf_embedded_newlines.csv",
        "id,date,text\r\n"
        + cl(0)
        + '\r\nn2,2017-02-07,"A quoted\r\nfield, with ""quotes"" and\r\n\r\nblank lines."\r\n'
        + cl(1)
        + "\r\n"
        + cl(2)
        + "\r\n",
    )
    w("csv_duplicate_text_column.csv", "id,date,text,text\ng1,2017-02-07,Russia condemned the attack by Ukraine.,ignored\ng2,2017-02-08,The United States imposed sanctions on Iran.,ignored\n")
    w("csv_utf16be_bom.csv", utf16("id,date,text\n" + "".join(cl(i) + "\n" for i in range(3)), False))
    w(
        "csv_invalid_utf8.csv",
        b"id,date,t\xffitle,text\n"
        + b"g1,2017-02-07,x,Russia condemned the attack by Ukraine.\n"
        + b"u2,2017-02-07,\xff,caf\xe9 talks\n"
        + b"g2,2017-02-08,x,The United States imposed sanctions on Iran.\n"
        + b"g3,2017-02-09,x,China accused Japan of provocation.\n",
    )
    w("csv_nul.csv", ("id,date,text\n" + cl(0) + "\n").encode() + b"z2,2017-02-07,a\x00b\x00c\n" + ("".join(cl(i) + "\n" for i in (1, 2))).encode())
    w("csv_bad_header.csv", 'id,"date,text\n' + cl(0) + "\n")
    w("csv_binary.csv", png_1x1())
    w("csv_huge_row.csv", "id,date,text\n" + cl(0) + "\nbig,2017-02-07," + "word " * 20_000 + "\n" + cl(1) + "\n" + cl(2) + "\n")

    # ---------------------------------------------------------- PETRARCH XML
    w("xml_broken_mid_tag.xml", XML_HEAD + xr(0) + xr(1) + xr(2) + '<Sentence date="2017')
    w(
        "xml_broken_mid_record.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="x2">\n<Tex\n</Sentence>\n' + xr(1) + xr(2) + XML_TAIL,
    )
    w(
        "xml_missing_text.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="x2">\n<Parse>(S)</Parse>\n</Sentence>\n' + '<Sentence id="x3"/>\n' + xr(1) + xr(2) + XML_TAIL,
    )
    w(
        "xml_unclosed_sentence.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="x2">\n<Text>\nNever closed.\n</Text>\n' + xr(1) + xr(2) + XML_TAIL,
    )
    w(
        "xml_bad_entities.xml",
        XML_HEAD
        + xr(0)
        + '<Sentence date="20170207" id="x2">\n<Text>\nAn&nbsp;unknown &bogus; entity &#xFFFFFF; here.\n</Text>\n</Sentence>\n'
        + xr(1)
        + xr(2)
        + XML_TAIL,
    )
    w("xml_not_xml.xml", CLEAN_TEXT)
    w("xml_html.xml", HTML_PAGE)
    w(
        "xml_bad_dates.xml",
        XML_HEAD
        + xr(0).replace('date="20170207"', 'date="2017-13-45"')
        + xr(1).replace('date="20170208"', 'date=""')
        + xr(2).replace(' date="20170209"', "")
        + XML_TAIL,
    )
    w(
        "xml_cdata_nested.xml",
        XML_HEAD
        + xr(0)
        + '<Sentence date="20170207" id="c2">\n<Text><![CDATA[Inside <CDATA> & raw.]]> and <b>bold <i>nested</i></b> tags.</Text>\n</Sentence>\n'
        + xr(1)
        + xr(2)
        + XML_TAIL,
    )
    w(
        "xml_mismatched_end.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="y2">\n<Text>\nHello.\n</Txet>\n</Sentence>\n' + xr(1) + xr(2) + XML_TAIL,
    )
    w(
        "xml_deep_nesting.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="deep">\n<Text>' + "<a>" * 5000 + "deep" + "</a>" * 5000 + "</Text>\n</Sentence>\n" + xr(1) + xr(2) + XML_TAIL,
    )
    # A comment never closed inside a record: that record is skipped and
    # reading resumes at the next <Sentence> (which the comment swallowed).
    w(
        "xml_unclosed_comment.xml",
        XML_HEAD + xr(0) + '<Sentence date="20170207" id="z2">\n<Text>\nA <!-- never closed\n</Text>\n</Sentence>\n' + xr(1) + xr(2) + XML_TAIL,
    )
    w("xml_binary.xml", gz((XML_HEAD + xr(0) + XML_TAIL).encode()))
    w("xml_empty.xml", b"")
    w(
        "xml_invalid_utf8.xml",
        (XML_HEAD + xr(0)).encode()
        + b'<Sentence date="20170207" id="x2">\n<Text>\ncaf\xe9 \xff talks.\n</Text>\n</Sentence>\n'
        + (xr(1) + xr(2) + XML_TAIL).encode(),
    )
    w("xml_utf16le_bom.xml", utf16(XML_HEAD + xr(0) + xr(1) + xr(2) + XML_TAIL, True))
    w("xml_duplicate_attrs.xml", XML_HEAD + xr(0) + '<Sentence id="a" id="b" date="1" date="2">\n<Text>\nHi.\n</Text>\n</Sentence>\n' + xr(1) + xr(2) + XML_TAIL)

    # ---------------------------------------------------------- PETRARCH dictionaries
    # Each loads with `--dict FILE` on top of the built-in dictionaries.
    w(
        "dict_petr_broken_brackets.actors.txt",
        "\n".join(
            [
                "# actors with broken brackets",
                "ARNOR [ARN",
                "GONDOR ARN]",
                "MORDOR [[MOR]]",
                "ROHAN [ROH}",
                "ERIADOR []",
                "LINDON [LIN] [",
                "   [GON 950101-",
                "RIVENDELL [RIV]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_bad_dates.actors.txt",
        "\n".join(
            [
                "ARNOR_KING",
                "  [ARNGOV 991332-000101]",
                "  [ARNGOV >20171301]",
                "  [ARNGOV <abc]",
                "  [ARNGOV 100101-050101]",
                "  [ARNGOV 170230-170301]",
                "  [ARNGOV 160229-170101]",
                "  [ARN]",
                "GONDOR_KING [GONGOV 1-2-3]",
                "ROHAN_KING [ROHGOV >]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_noncameo.actors.txt",
        "\n".join(
            [
                "# actor codes outside CAMEO are legal in user dictionaries",
                "ARNOR [ARN]",
                "GONDOR [ZZZ]",
                "MINAS_TIRITH [GONXYZQWE]",
                "ROHAN [roh]",
                "ERIADOR [ER!D]",
                "LINDON [FRO/BIL/SAM]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_noncameo.verbs.txt",
        "\n".join(
            [
                "--- CONDEMN [999] ---",
                "CONDEMN",
                "- * +  [1234]",
                "--- DENOUNCE [0999] ---",
                "DENOUNCE",
                "- * + [174K]",
                "--- BADCODE [080!] ---",
                "BERATE",
                "- * + [s]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_broken_brackets.verbs.txt",
        "\n".join(
            [
                "&ALLY",
                "+FRIEND",
                "+",
                "--- VISIT [042 ---",
                "VISIT",
                "- * + [04",
                "- * [",
                "- * ] +",
                "SAY {SAID",
                "--- TALK [] ---",
                "TALK {TALKED TALKING} [0400000000]",
                "- &UNDEFINED * + [040]",
                "- * (with + [040]",
                "~ transformation line",
                "--- ---",
                "- * + [---]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_bad.agents.txt",
        "\n".join(
            [
                "!PERSON! = MAN, MEN",
                "!EMPTY! =",
                "!NOEQ! MAN",
                "SOLDIER [~MIL",
                "POLICE {POLICE [~COP]",
                "!UNDEFINED!_LEADER [~GOV]",
                "!PERSON!_OF_GONDOR [~GOV]",
                "MINISTER [GOV]",
                "JUDGE [~jud]",
                "REBEL [~REB] [~MIL]",
                "[~GOV]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_bad.discards.txt",
        "\n".join(["+", "+   ", "___", "MONTHS LATER", "[DISCARD]", "+World_Cup_"]) + "\n",
    )
    w(
        "dict_petr_bad.issues.txt",
        "\n".join(
            [
                '<ISSUE CATEGORY="AGRI"',
                "n:FARM [AGR",
                "v:HARVEST [AGR]",
                "~ EXCLUDE_ME",
                "</ISSUE>",
                "<ISSUE>",
                "+++ [X]",
                "n: [Y]",
            ]
        )
        + "\n",
    )
    w(
        "dict_petr_unclosed_comment.actors.txt",
        "ARNOR [ARN]\n<!-- this comment is never closed\nGONDOR [GON]\n",
    )
    w("dict_petr_latin1.actors.txt", "ARNOR [ARN]\nCAF\u00c9_OWNER [ARNBUS]\nGEN\u00c8VE [CHE]\n".encode("latin-1"))
    w("dict_petr_binary.actors.txt", png_1x1())
    w("dict_petr_empty.verbs.txt", b"")
    w("dict_petr_utf16.actors.txt", utf16("ARNOR [ARN]\nGONDOR [GON]\n", True))
    # UTF-16 BE with a lone high surrogate at the start of line 2.
    w("dict_petr_utf16be_bad.actors.txt", utf16("ARNOR [ARN]\n", False) + b"\xd8\x00" + utf16("GONDOR [GON]\n", False)[2:])
    w("dict_unknown_kind.txt", "\n# only comments\n\n")

    # ---------------------------------------------------------- native dictionaries
    # Read with dyad_dict::native::read_* in tests/bad_input.rs (the CLI's --dict
    # reads PETRARCH files; these are also given to --dict to show no panic).
    w(
        "native_bad.actors.txt",
        "\n".join(
            [
                "Arnor | Arnorians => ARN",
                "Gondor",
                " => GON",
                "Rohan => roh",
                "Mordor => MOR@2020-13-01..",
                "Lindon => LIN@2020-01-01",
                "Eriador => ERI@..2020-02-30 ; ERI",
                "Shire => ZZZ ; QQQ@1999-01-01..2000-01-01",
                "Bree => ",
                "Dale => D@L",
                "|||| => XYZ",
            ]
        )
        + "\n",
    )
    w(
        "native_bad.agents.txt",
        "\n".join(["soldier => MIL", "ranger", "ranger => mil", "wizard => WIZARDS", "=> GOV", "hobbit => ABCDEFGHI"]) + "\n",
    )
    w(
        "native_bad.verbs.txt",
        "\n".join(
            [
                "&talk = talk | talks",
                "&broken talk",
                "042:043 $ visit +",
                "999 condemn +",
                "080! bad",
                "040 hold &nosuch with +",
                "041",
                "042 $ +",
                "043 *",
                "044 a||b +",
                "045:0x! meet +",
                "046 * *",
            ]
        )
        + "\n",
    )
    w(
        "native_bad.discards.txt",
        "\n".join(["sentence: football | rugby", "story football", "weather: rain", "sports:", ": nothing"]) + "\n",
    )

    # ---------------------------------------------------------- GDELT rows
    # For the GDELT importer (being written); today `dyad code` reads .tsv as text.
    def row(n, fill="x"):
        cols = ["%d" % (1000 + n), "20170207", "201702", "2017", "2017.1041"] + [fill] * max(0, n - 5)
        return "\t".join(cols[:n])

    w(
        "gdelt_wrong_columns.tsv",
        "\n".join([row(61), row(60), row(62), row(57), row(58), row(1), "", row(61) + "\t", row(0)]) + "\n",
    )
    w(
        "gdelt_bad_values.tsv",
        "\n".join(
            [
                "\t".join(["bad-id", "2017-02-07", "x", "y", "z"] + ["notanumber"] * 56),
                "\t".join(["1", "99999999", "", "", ""] + ["" for _ in range(56)]),
                "\t".join(["2", "20170207", "201702", "2017", "2017.1041"] + ["\u00e9\x00"] * 56),
            ]
        )
        + "\n",
    )


if __name__ == "__main__":
    main()
