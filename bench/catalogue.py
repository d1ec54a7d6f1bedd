"""A synthetic but realistic catalogue for the benchmark (deterministic).

``write_catalogue(folder, specs)`` writes ``specs`` full specs and the lists
they belong to into ``folder`` (a ``specs/`` tree): one list per
province-sized unit of ``SPECS_PER_LIST`` full texts plus ``EXTRA_ENTRIES``
entries without full text (so entry pages, list pages and catalogue rows
grow with the catalogue too), each list in two batches.

The text is real text: every spec is built from one of the sample specs of
specs/ (its occupation, definition, requirements and equipment list) and
draws 3 to 8 tasks, with their practices and knowledge, from all of them.
Names are a place and a product, so every name is different; weights add up
to 100; ``health_safety`` is set only where the drawn knowledge covers law,
safety and hygiene. Every file passes validation (run.py checks that).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240501
SPECS_PER_LIST = 100
EXTRA_ENTRIES = 20  # entries of each list without a full text
STATUSES = ("current", "current", "current", "filed", "draft")

# The bases: sample specs of specs/ with every part of 考核要求 and no
# waivers, each with products of its trade; a name is a place and a product.
PRODUCTS = {
    "autocad-mechanical-design": ("机械零件图绘制", "模具设计", "夹具设计", "钣金展开图绘制", "管路布置设计", "数控加工编程", "机械装配图绘制", "三维建模设计"),
    "citrus-cultivation": ("脐橙栽培", "柚子栽培", "猕猴桃栽培", "葡萄栽培", "枇杷栽培", "李子栽培", "蓝莓种植", "草莓种植"),
    "lanzhou-beef-noodle": ("牛肉拉面制作", "刀削面制作", "油泼面制作", "臊子面制作", "热干面制作", "米粉制作", "手工水饺制作", "馄饨制作"),
    "livestock-disease-control": ("生猪疫病防治", "家禽疫病防治", "肉牛疫病防治", "肉羊疫病防治", "水产病害防治", "蜜蜂病虫害防治", "兔病防治", "犬猫疫病防治"),
    "maternal-infant-care": (
        "母婴护理",
        "产后康复护理",
        "婴幼儿生活照护",
        "婴儿辅食制作",
        "月子餐制作",
        "婴幼儿早期教育辅导",
        "家庭育婴服务",
        "母乳喂养指导服务",
    ),
    "mianzhu-new-year-painting": ("木版年画制作", "农民画绘画", "剪纸制作", "唐卡绘画", "漆画制作", "烙画制作", "竹编工艺品编织", "藤编工艺品编织"),
    "patient-escort": ("病患陪护", "老年人生活照护", "失能老人照护", "康复陪护", "居家护理", "临终关怀服务", "术后陪护", "助浴服务"),
    "pediatric-tuina": ("小儿推拿", "足部按摩", "肩颈推拿", "艾灸调理服务", "刮痧调理服务", "拔罐调理服务", "耳穴调理服务", "产后推拿"),
    "pixian-douban": ("豆瓣酱制作", "腐乳制作", "泡菜腌制", "豆豉酿制", "香醋酿造", "酱油酿造", "火锅底料炒制", "辣椒酱制作"),
    "shu-embroidery": ("苏绣手工制作", "湘绣手工制作", "羌绣手工制作", "苗绣手工制作", "十字绣制作", "蜡染制作", "扎染制作", "织锦编织"),
    "tea-leaf-plucking": ("绿茶加工", "红茶加工", "花茶窨制", "黑茶加工", "白茶加工", "乌龙茶加工", "茶艺服务", "茶叶审评分析"),
    "web-page-making": ("网店美工设计", "短视频剪辑", "电商直播", "微信小程序开发", "网站运维", "数据标注", "新媒体运营", "办公软件应用"),
    "yibin-burning-noodles": ("燃面制作", "担担面制作", "钟水饺制作", "龙抄手制作", "叶儿粑制作", "三大炮制作", "豆花饭制作", "冒菜制作"),
    "zigong-cold-eating-rabbit": ("冷吃兔制作", "夫妻肺片制作", "钵钵鸡制作", "卤味制作", "烤鱼制作", "麻辣香锅制作", "腊肉腌制", "香肠制作"),
}
PROVINCES = (
    "四川省", "湖北省", "湖南省", "广东省", "福建省", "浙江省", "江苏省", "山东省", "河南省", "河北省",
    "山西省", "陕西省", "甘肃省", "青海省", "云南省", "贵州省", "江西省", "安徽省", "辽宁省", "吉林省",
    "黑龙江省", "海南省", "广西壮族自治区", "内蒙古自治区", "宁夏回族自治区", "新疆维吾尔自治区", "西藏自治区",
    "北京市", "天津市", "上海市", "重庆市",
)  # fmt: skip
PLACES = (
    "成都", "绵阳", "乐山", "宜宾", "泸州", "南充", "达州", "雅安", "武汉", "襄阳", "宜昌", "荆州", "长沙", "湘潭", "株洲",
    "岳阳", "广州", "佛山", "潮州", "梅州", "福州", "厦门", "泉州", "漳州", "杭州", "宁波", "温州", "绍兴", "南京", "苏州",
    "扬州", "徐州", "济南", "青岛", "潍坊", "威海", "郑州", "洛阳", "开封", "石家庄", "保定", "太原", "大同", "西安", "宝鸡",
    "兰州", "天水", "西宁", "昆明", "大理", "贵阳", "遵义", "南昌", "赣州", "合肥", "黄山", "沈阳", "大连", "长春", "吉林",
)  # fmt: skip


def load_bases() -> dict[str, dict[str, Any]]:
    return {base: yaml.safe_load((ROOT / "specs" / f"{base}.yaml").read_text(encoding="utf-8")) for base in PRODUCTS}


def write_catalogue(folder: Path, specs: int, *, seed: int = SEED) -> list[str]:
    """Write the catalogue into ``folder``; return the spec ids, sorted."""
    rng = random.Random(seed)
    bases = load_bases()
    tasks = [task for base in bases.values() for task in base["tasks"]]
    names = _names(rng, specs + EXTRA_ENTRIES * _list_count(specs))
    (folder / "lists").mkdir(parents=True, exist_ok=True)
    ids = []
    for number in range(1, _list_count(specs) + 1):
        list_id = f"p{number:03d}"
        in_list = min(SPECS_PER_LIST, specs - (number - 1) * SPECS_PER_LIST)
        entries = [names.pop() for _ in range(in_list + EXTRA_ENTRIES)]
        _dump(folder / "lists" / f"{list_id}.yaml", _list(list_id, number, [name for name, _ in entries]))
        for index, (name, base) in enumerate(entries[:in_list], start=1):
            spec_id = f"{list_id}-spec-{index:03d}"
            _dump(folder / f"{spec_id}.yaml", _spec(rng, bases[base], tasks, name, list_id, index))
            ids.append(spec_id)
    return sorted(ids)


def _list_count(specs: int) -> int:
    return -(-specs // SPECS_PER_LIST)


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` different names, each with the base of its trade."""
    every = [(place + product, base) for place in PLACES for base, group in PRODUCTS.items() for product in group]
    if count > len(every):
        raise ValueError(f"at most {len(every)} names")
    return rng.sample(every, count)


def _list(list_id: str, number: int, names: list[str]) -> dict[str, Any]:
    region = PROVINCES[(number - 1) % len(PROVINCES)]
    half = (len(names) + 1) // 2
    return {
        "title": f"{region}专项职业能力考核规范目录（{len(names)}项）",
        "short_title": f"{region[:2]}目录{number}",
        "level": "provincial",
        "region": region,
        "authority": f"{region}职业技能鉴定指导中心",
        "document": {
            "number": f"人社职鉴〔2024〕{number}号",
            "title": f"{region}职业技能鉴定指导中心关于公布专项职业能力考核规范目录的通知",
            "authority": f"{region}职业技能鉴定指导中心",
            "annex": "附件1",
        },
        "obtain": f"规范具体内容可在{region}人力资源和社会保障厅官方网站“职业技能鉴定专栏”下载。",
        "declared_count": len(names),
        "batches": [
            {"id": "1", "title": f"第一批备案通过的专项职业能力考核规范（{half}项）", "declared_count": half},
            {"id": "2", "title": f"第二批备案通过的专项职业能力考核规范（{len(names) - half}项）", "declared_count": len(names) - half},
        ],
        "entries": [{"number": str(i), "batch": "1" if i <= half else "2", "name": name} for i, name in enumerate(names, start=1)],
    }


def _spec(rng: random.Random, base: dict[str, Any], pool: list[dict[str, Any]], name: str, list_id: str, index: int) -> dict[str, Any]:
    count = rng.randint(3, 8)
    own = list(base["tasks"])
    rng.shuffle(own)
    chosen = own[:count] + rng.sample(pool, max(0, count - len(own)))
    tasks = [dict(task, weight=weight) for task, weight in zip(chosen, _weights(rng, count), strict=True)]
    status = STATUSES[rng.randrange(len(STATUSES))]
    year = 2018 + rng.randrange(7)
    spec: dict[str, Any] = {
        "name": name,
        "status": status,
        "version": f"{1 + rng.randrange(3)}.{rng.randrange(10)}",
        "sample": True,
        "entry": {"list": list_id, "number": str(index)},
        "occupation": base["occupation"],
        "health_safety": _covers_safety(tasks),
        "definition": base["definition"],
        "audience": base["audience"],
        "tasks": tasks,
        "requirements": base["requirements"],
        "dates": {"drafted": f"{year}-03-{1 + rng.randrange(28):02d}", "published": f"{year + 1}-0{1 + rng.randrange(9)}-15"},
    }
    if status == "draft":
        del spec["dates"]["published"]
    return spec


def _weights(rng: random.Random, count: int) -> list[int]:
    """``count`` positive weights, multiples of 5, that add up to 100."""
    cuts = sorted(rng.sample(range(1, 20), count - 1))
    return [5 * (b - a) for a, b in zip([0, *cuts], [*cuts, 20], strict=True)]


def _covers_safety(tasks: list[dict[str, Any]]) -> bool:
    """health_safety only where the knowledge covers what the rule asks for
    (law, safety, hygiene: the safety-knowledge rule of the schema)."""
    text = "".join(k for task in tasks for k in task["knowledge"])
    return any(w in text for w in ("法》", "条例", "法规")) and "安全" in text and any(w in text for w in ("卫生", "消毒", "清洁"))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors and aliases


def _dump(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
