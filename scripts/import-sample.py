#!/usr/bin/env python3
"""Writes the customer CSV the import figures in docs/performance.md are measured with.

    python3 scripts/import-sample.py ROWS OUT.csv

Columns 客户名称,手机,邮箱,国家,城市,地址,标签,负责人,客户等级 (what a Chinese spreadsheet exported from another CRM
looks like): half Chinese and half English company names, a unique valid mainland mobile and a unique email per row,
two tags, owner `admin`, tier in Chinese. UTF-8 without BOM. Deterministic (the same file every time)."""
import random
import sys

rows = int(sys.argv[1])
out = sys.argv[2]
rnd = random.Random(16)
cities = [("北京市", "朝阳区建国路"), ("上海市", "浦东新区世纪大道"), ("广州市", "天河区体育西路"), ("深圳市", "南山区科技园"),
          ("杭州市", "西湖区文三路"), ("成都市", "武侯区人民南路"), ("武汉市", "洪山区珞喻路"), ("南京市", "鼓楼区中山北路")]
words = ["华", "瑞", "信", "达", "恒", "通", "宏", "泰", "金", "源", "盛", "科", "德", "安", "鑫", "联"]
kinds = ["科技", "贸易", "实业", "电子", "物流", "咨询", "制造", "传媒"]
english = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne"]
tags = ["重点客户", "华东", "华南", "经销商", "VIP", "新客户", "展会", "老客户"]
tiers = ["高", "中", "低"]
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("客户名称,手机,邮箱,国家,城市,地址,标签,负责人,客户等级\n")
    for i in range(rows):
        if i % 2 == 0:
            name = "".join(rnd.choice(words) for _ in range(2)) + rnd.choice(kinds) + f"有限公司{i}"
        else:
            name = f"{rnd.choice(english)} {rnd.choice(english)} Ltd {i}"
        mobile = f"139{i:08d}"
        email = f"contact{i}@example{i % 97}.com"
        city, street = rnd.choice(cities)
        address = f"{street}{rnd.randint(1, 999)}号"
        t = rnd.sample(tags, 2)
        f.write(f'{name},{mobile},{email},中国,{city},{address},"{t[0]},{t[1]}",admin,{rnd.choice(tiers)}\n')
