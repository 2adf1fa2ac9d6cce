"""Input errors and learner notes in both languages.

The core raises ``InputError`` with English messages of a few fixed shapes; ``translate`` gives
the Chinese for each shape, keeping the numbers and names it quotes.

>>> translate("target, row 3: label 5 is out of range for 3 classes (0..2)", "zh")
'target 第 3 行：标签 5 超出范围，共 3 个类别（0..2）'
"""

from __future__ import annotations

import re

__all__ = ["PATTERNS", "STRINGS", "translate"]

STRINGS: dict[str, dict[str, str]] = {}

_WHERE = r"(?:row (?P<row>\d+), column (?P<col>\d+)|row (?P<row1>\d+)|column (?P<col1>\d+))"


def _where_zh(match: re.Match) -> str:
    groups = match.groupdict()
    if groups.get("col"):
        return f"第 {groups['row']} 行第 {groups['col']} 列"
    if groups.get("row1"):
        return f"第 {groups['row1']} 行"
    if groups.get("col1"):
        return f"第 {groups['col1']} 列"
    return ""


#: (English pattern, Chinese template); named groups fill the template, ``{where}`` a position.
PATTERNS: list[tuple[str, str]] = [
    (
        r"(?P<name>[\w ]+), "
        + _WHERE
        + r": label (?P<label>-?\d+) is out of range for (?P<c>\d+) classes \(0\.\.(?P<last>\d+)\)",
        "{name} {where}：标签 {label} 超出范围，共 {c} 个类别（0..{last}）",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": '(?P<word>.*)' is not a number",
        "{name} {where}：'{word}' 不是数字",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": '(?P<word>.*)' is not a finite number",
        "{name} {where}：'{word}' 不是有限数值",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": '(?P<word>.*)' is not a whole number",
        "{name} {where}：'{word}' 不是整数",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": label (?P<word>.*) is not a whole number",
        "{name} {where}：标签 {word} 不是整数",
    ),
    (
        r"(?P<name>[\w ]+), "
        + _WHERE
        + r": the value is (?P<kind>NaN|infinite); use a finite number",
        "{name} {where}：数值为 {kind}，请使用有限数值",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": (?P<value>\S+) is outside \[0, 1\]",
        "{name} {where}：{value} 不在 [0, 1] 区间内",
    ),
    (
        r"(?P<name>[\w ]+?)[,:]? row (?P<row>\d+) has (?P<got>\d+) values? but row (?P<first>\d+) "
        r"has (?P<want>\d+)",
        "{name} 第 {row} 行有 {got} 个数值，但第 {first} 行有 {want} 个（每行长度必须相同）",
    ),
    (
        r"(?P<name>\w+) has (?P<got>\d+) label\(s\) but (?:there are|logits have) (?P<n>\d+) (?:sample\(s\)|row\(s\)).*",
        "{name} 有 {got} 个标签，但共有 {n} 个样本：每个样本需要一个标签",
    ),
    (
        r"(?P<name>\w+) must hold one value per class \((?P<c>\d+)\); got shape (?P<shape>.*)",
        "{name} 需要每个类别一个数值（共 {c} 个），实际形状为 {shape}",
    ),
    (
        r"(?P<name>\w+), class (?P<i>\d+): (?P<v>\S+) is negative; weights must be >= 0",
        "{name} 类别 {i}：{v} 为负数，权重必须 >= 0",
    ),
    (
        r"(?P<got>\d+) class name\(s\) given for (?P<c>\d+) classes",
        "给出了 {got} 个类别名称，但共有 {c} 个类别",
    ),
    (
        r"(?P<name>\w+) has (?P<c>\d+) column\(s\); at least (?P<k>\d+) classes are needed",
        "{name} 只有 {c} 列，至少需要 {k} 个类别",
    ),
    (r"(?P<name>\w+) is empty.*", "{name} 为空：请至少输入一个数值"),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": the cell is empty; enter a number",
        "{name} {where}：单元格为空，请输入数值",
    ),
    (
        r"(?P<name>[\w ]+), " + _WHERE + r": the cell is empty; enter a class label",
        "{name} {where}：单元格为空，请输入类别标签",
    ),
    (r"the grid has no rows.*", "表格没有任何行：请为每个样本添加一行"),
    (
        r"logits have (?P<c>[\d,]+) classes; at most (?P<most>[\d,]+) classes can be shown",
        "logits 有 {c} 个类别，最多只能显示 {most} 个类别",
    ),
    (
        r"the file: logits have (?P<c>[\d,]+) classes; at most (?P<most>[\d,]+) classes can be shown",
        "文件：logits 有 {c} 个类别，最多只能显示 {most} 个类别",
    ),
    # Loss options
    (
        r"ignore_index is not supported with class-probability targets.*",
        "概率形式的目标不支持 ignore_index（PyTorch 同样会报错）；请保持 -100",
    ),
    (
        r"label_smoothing must be between 0 and 1; got (?P<value>.*)",
        "label_smoothing 必须在 0 与 1 之间，当前为 {value}",
    ),
    (r"temperature must be a positive number; got (?P<value>.*)", "温度必须是正数，当前为 {value}"),
    (
        r"reduction (?P<value>.*) is unknown: use (?P<options>.*)",
        "未知的 reduction {value}：可选 {options}",
    ),
    # CSV uploads
    (r"the file is empty.*", "文件为空：第一行应是表头，例如 cat,dog,pig,label，之后每行一个样本"),
    (
        r"the file has a header \(line 1\) but no data rows.*",
        "文件只有表头（第 1 行），没有数据行：请每个样本写一行",
    ),
    (
        r"line (?P<line>\d+) has (?P<got>\d+) fields but the header has (?P<want>\d+)",
        "第 {line} 行有 {got} 个字段，但表头有 {want} 个",
    ),
    (
        r"the file is an Excel workbook.*",
        "这是 Excel 工作簿或压缩包，不是 CSV 文本：请另存为“CSV UTF-8”后上传",
    ),
    (
        r"the file is (?P<size>\S+ MB); at most (?P<limit>\S+ MB) can be uploaded",
        "文件大小为 {size}，最多只能上传 {limit}",
    ),
    (
        r"the file has (?P<n>[\d,]+) logits; at most (?P<limit>[\d,]+) can be uploaded",
        "文件含 {n} 个 logits，最多只能上传 {limit} 个",
    ),
    # Link (URL) parameters
    (r"use one of (?P<options>.*)", "可选值为 {options}"),
    (
        r"(?P<word>'.*') is no page control; use none, or controls such as .*",
        "{word} 不是页面上的控件；可用 none，或 temperature、sample、reduction 等控件",
    ),
    (r"must be between (?P<low>\S+) and (?P<high>\S+)", "必须在 {low} 与 {high} 之间"),
    (r"(?P<word>'.*') is not a whole number", "{word} 不是整数"),
    (r"(?P<word>'.*') is not a number", "{word} 不是数字"),
    (r"is longer than (?P<n>[\d,]+) characters", "超过 {n} 个字符"),
    # Typed sequences and masks (lossviz.inputs.elements); an element's own problems below
    (
        r"(?P<name>\w+): sequence (?P<r>\d+) has (?P<got>\d+) token\(s\) but sequence 1 has "
        r"(?P<want>\d+);.*",
        "{name}：第 {r} 个序列有 {got} 个 token，但第 1 个序列有 {want} 个；请用 ignore_index "
        "对应的标签把较短的序列填充到 {want} 个 token，例如 <pad>/-100: 0 0 0",
    ),
    (
        r"(?P<name>\w+), image (?P<i>\d+): row (?P<r>\d+) has (?P<got>\d+) pixel\(s\) but row 1 "
        r"of image 1 has (?P<want>\d+);.*",
        "{name} 第 {i} 张图像：第 {r} 行有 {got} 个像素，但第 1 张图像的第 1 行有 {want} 个；"
        "所有掩码的每一行像素数必须相同",
    ),
    (
        r"(?P<name>\w+): image (?P<i>\d+) has (?P<got>\d+) row\(s\) but image 1 has "
        r"(?P<want>\d+);.*",
        "{name}：第 {i} 张图像有 {got} 行，但第 1 张图像有 {want} 行；所有掩码大小必须相同",
    ),
    (
        r"(?P<name>\w+): each element has (?P<got>\d+) logit\(s\); give 2 to (?P<most>\d+).*",
        "{name}：每个元素有 {got} 个 logit；请给出 2 到 {most} 个，每个类别一个",
    ),
    (
        r"(?P<name>\w+) has more than (?P<n>[\d,]+) elements; enter at most .*",
        "{name} 超过 {n} 个元素；最多输入 {n} 个",
    ),
]

_COMPILED = [(re.compile(pattern + r"$"), template) for pattern, template in PATTERNS]


#: Where a CSV problem sits: ``line 5, column 3 ('dog'): ...`` (the rest is translated on its own).
_CSV_PLACE = re.compile(
    r"line (?P<line>\d+), (?P<label>label )?column (?P<col>\d+) \((?P<name>'.*?')\): (?P<rest>.*)$"
)

#: Messages that follow a position, without a field name of their own.
_REST = [
    (re.compile(r"(?P<word>'.*') is not a number$"), "{word} 不是数字"),
    (re.compile(r"(?P<word>'.*') is not a finite number$"), "{word} 不是有限数值"),
    (re.compile(r"(?P<value>\S+) is outside \[0, 1\]$"), "{value} 不在 [0, 1] 区间内"),
    (
        re.compile(
            r"label (?P<label>-?\d+) is out of range for (?P<c>\d+) classes \(0\.\.(?P<last>\d+)\).*$"
        ),
        "标签 {label} 超出范围，共 {c} 个类别（0..{last}）；与 PyTorch 一样，标签从 0 开始",
    ),
    (re.compile(r"label (?P<word>\S+) is not a whole number.*$"), "标签 {word} 不是整数"),
    (
        re.compile(r"(?P<word>'.*') is not a number or a class name.*$"),
        "{word} 既不是数字也不是类别名称",
    ),
]


def _translate_csv(match: re.Match) -> str:
    where = f"第 {match['line']} 行，{'标签' if match['label'] else ''}第 {match['col']} 列（{match['name']}）"
    rest = match["rest"]
    for pattern, template in _REST:
        found = pattern.match(rest)
        if found:
            return f"{where}：{template.format(**found.groupdict())}"
    return f"{where}：{rest}"


#: Where an element sits: a typed token or pixel (``tokens, sequence 2, token 3: ...``,
#: ``pixels, image 1, row 2, column 3: ...``), or an element of a K-dim target the core names
#: (``target, element (1, 2, 2): ...``). What follows is translated on its own.
_ELEMENT_PLACE = re.compile(
    r"(?P<name>\w+), (?:sequence (?P<s>\d+), token (?P<t>\d+)"
    r"|image (?P<i>\d+), row (?P<r>\d+), column (?P<c>\d+)"
    r"|element \((?P<e>[\d, ]+)\)): (?P<rest>.*)$"
)

#: An element's own problems, beyond those of any value (``_REST``).
_ELEMENT_REST = [
    (re.compile(pattern + "$"), template)
    for pattern, template in [
        (
            r"(?P<word>'.*') has no ':'.*",
            "{word} 缺少 ':'；每个元素写成 标签、':' 和它的 logits，例如 2: 0.5 1.2 3.1",
        ),
        (r"(?P<word>'.*'): only tokens carry a word.*", "{word}：只有 token 可以带词（词/标签）"),
        (r"the word before '/' is missing", "'/' 前缺少词"),
        (
            r"the word (?P<word>'.*') is longer than (?P<n>\d+) characters",
            "词 {word} 超过 {n} 个字符",
        ),
        (r"the label before ':' is missing", "':' 前缺少标签"),
        (
            r"label (?P<word>'.*') is too large for a class label",
            "标签 {word} 太大，不能作为类别标签",
        ),
        (r"the logits after ':' are missing.*", "':' 后缺少 logits（每个类别一个）"),
        (r"an element is missing between two '\|'", "两个 '|' 之间缺少一个元素"),
        (
            r"(?P<got>\d+) logit\(s\) but the first element has (?P<want>\d+).*",
            "有 {got} 个 logit，但第一个元素有 {want} 个：每个元素需要每个类别一个 logit",
        ),
    ]
]


def _translate_element(match: re.Match) -> str:
    if match["s"]:
        where = f"{match['name']} 第 {match['s']} 个序列第 {match['t']} 个 token"
    elif match["i"]:
        where = f"{match['name']} 第 {match['i']} 张图像第 {match['r']} 行第 {match['c']} 列"
    else:
        where = f"{match['name']} 元素 ({match['e']})"
    rest = match["rest"]
    for pattern, template in [*_REST, *_ELEMENT_REST]:
        found = pattern.match(rest)
        if found:
            return f"{where}：{template.format(**found.groupdict())}"
    return f"{where}：{rest}"


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang``; English, or a message of no known shape, is returned as it is."""
    if lang != "zh":
        return message
    place = _CSV_PLACE.match(message)
    if place:
        return _translate_csv(place)
    element = _ELEMENT_PLACE.match(message)
    if element:
        return _translate_element(element)
    for pattern, template in _COMPILED:
        match = pattern.match(message)
        if match:
            values = {k: v for k, v in match.groupdict().items() if v is not None}
            return template.format(where=_where_zh(match), **values)
    return message
