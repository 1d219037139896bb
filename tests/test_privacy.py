"""No personal data in any published table (names of officials, phones, e-mail, QQ)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ogi.privacy import redact

ROOT = Path(__file__).resolve().parents[1]
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
PHONE = re.compile(r"(^|[^0-9])0[0-9]{2,3}[-—－ ]?[0-9]{7,8}([^0-9]|$)")
QQ = re.compile(r"QQ[:：]?[0-9]{5,}")


@pytest.mark.parametrize("line, secret", [
    ("单位负责人: 审核人:何云彦 填报人:袁建全", "何云彦"),          # seed 000 line 88
    ("单位负责人: 审核人:何云彦 填报人:袁建全", "袁建全"),
    ("联系电话: 67159922 填报日期:2017/1/4", "67159922"),           # seed 000 line 89
    ("电话:0817—3363822;电子邮箱:1779352507@qq.com;QQ:1779352507)", "1779352507"),  # seed 001 line 5
    ("电话:0817—3363822;电子邮箱:1779352507@qq.com;QQ:1779352507)", "3363822"),
    ("电话:0454-7366622,邮箱:tyxzfw@126.com )", "tyxzfw"),           # seed 002 line 8
    ("单位负责人:瓦庆超      审核人:卢春剑", "瓦庆超"),              # seed 003 line 127
    ("填报人:业玉春          联系电话:0877—2025340", "业玉春"),      # seed 003 line 129
    ("填报人:业玉春          联系电话:0877—2025340", "2025340"),
    ("联系人：张三，手机13912345678", "13912345678"),
    ("联系人：张三，手机13912345678", "张三"),
])
def test_redact(line, secret):
    out = redact(line)
    assert secret not in out
    assert "[removed]" in out


def test_redact_keeps_ordinary_text():
    s = "共收到政府信息公开申请27件,其中信函申请20件"
    assert redact(s) == s


def test_published_tables_carry_no_personal_data():
    names = []
    for line in (ROOT / "data" / "raw").glob("*.txt"):
        for m in re.finditer(r"(审核人|填报人|单位负责人|联系人)\s*[:：]\s*([\u4e00-\u9fff]{2,4})",
                             line.read_text(encoding="utf-8")):
            names.append(m.group(2))
    assert names  # the seeds do contain names: the scan below is not vacuous
    for table in (ROOT / "data").glob("*.csv"):
        text = table.read_text(encoding="utf-8")
        assert not EMAIL.search(text), table.name
        assert not PHONE.search(text), table.name
        assert not QQ.search(text), table.name
        for name in names:
            assert name not in text, (table.name, name)
