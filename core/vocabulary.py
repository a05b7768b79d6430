"""The controlled tag vocabulary, installed by migration (core/migrations/0002_vocabulary.py).

(slug, Japanese label, English label[, extra]) per facet. Slugs are stable: data and URLs use
them; labels may be reworded. Adding a tag is a new data migration calling `install()`.
"""

FIELDS = [
    ("health-welfare", "保健・医療・福祉", "Health, medical care and welfare"),
    ("social-education", "社会教育", "Social education"),
    ("community-development", "まちづくり", "Community development"),
    ("tourism", "観光", "Tourism"),
    ("rural-areas", "農山漁村・中山間地域", "Rural, mountain and fishing villages"),
    ("culture-arts-sports", "学術・文化・芸術・スポーツ", "Science, culture, arts and sports"),
    ("environment", "環境保全", "Environmental conservation"),
    ("disaster-relief", "災害救援", "Disaster relief"),
    ("community-safety", "地域安全", "Community safety"),
    ("human-rights-peace", "人権・平和", "Human rights and peace"),
    ("international-cooperation", "国際協力", "International cooperation"),
    ("gender-equality", "男女共同参画", "Gender equality"),
    ("child-development", "子どもの健全育成", "Healthy development of children"),
    ("information-society", "情報化社会", "Information society"),
    ("science-technology", "科学技術", "Science and technology"),
    ("economic-vitality", "経済活動の活性化", "Economic revitalization"),
    ("employment-skills", "職業能力・雇用機会", "Vocational skills and employment"),
    ("consumer-protection", "消費者保護", "Consumer protection"),
    ("nonprofit-support", "団体の運営・活動支援", "Support for civic organizations"),
    ("ordinance-activities", "条例で定める活動", "Activities set by ordinance"),
    ("disaster-prevention", "防災", "Disaster prevention"),
]

RESOURCES = [
    ("volunteers", "人手・ボランティア", "Helping hands and volunteers"),
    ("successors", "担い手・後継者", "Leaders and successors"),
    ("youth-participation", "若者の参加", "Participation of young people"),
    ("student-research", "学生・研究協力", "Students and research cooperation"),
    ("employee-volunteers", "社員ボランティア", "Employee volunteers"),
    ("funding", "資金・協賛", "Funding and sponsorship"),
    ("venue", "会場・スペース", "Venues and spaces"),
    ("equipment", "物品・設備", "Goods and equipment"),
    ("food", "食品・食材", "Food and ingredients"),
    ("transport", "車両・移動支援", "Vehicles and transport"),
    ("it-digital", "IT・デジタル", "IT and digital"),
    ("design", "デザイン・制作", "Design and production"),
    ("publicity", "広報・情報発信", "Publicity and outreach"),
    ("legal", "法務", "Legal affairs"),
    ("accounting", "会計・財務", "Accounting and finance"),
    ("translation", "翻訳・通訳", "Translation and interpreting"),
    ("facilitation", "企画・ファシリテーション", "Planning and facilitation"),
    ("research", "調査・研究", "Surveys and research"),
    ("photo-video", "写真・映像", "Photography and video"),
    ("expertise", "専門知識・ノウハウ", "Expertise and know-how"),
    ("network", "連携先・ネットワーク", "Partners and networks"),
    ("participants", "参加者・来場者", "Participants and visitors"),
]

TARGETS = [
    ("children", "子ども", "Children"),
    ("families", "子育て世帯", "Families raising children"),
    ("young-people", "若者", "Young people"),
    ("older-people", "高齢者", "Older people"),
    ("people-with-disabilities", "障害のある人", "People with disabilities"),
    ("foreign-residents", "外国人住民", "Foreign residents"),
    ("disaster-affected", "被災者", "People affected by disasters"),
    ("people-in-need", "生活困窮者", "People in financial hardship"),
    ("all-residents", "地域住民全般", "All local residents"),
]

SDGS = [
    ("sdg-1", "貧困をなくそう", "No poverty"),
    ("sdg-2", "飢餓をゼロに", "Zero hunger"),
    ("sdg-3", "すべての人に健康と福祉を", "Good health and well-being"),
    ("sdg-4", "質の高い教育をみんなに", "Quality education"),
    ("sdg-5", "ジェンダー平等を実現しよう", "Gender equality"),
    ("sdg-6", "安全な水とトイレを世界中に", "Clean water and sanitation"),
    ("sdg-7", "エネルギーをみんなに そしてクリーンに", "Affordable and clean energy"),
    ("sdg-8", "働きがいも経済成長も", "Decent work and economic growth"),
    ("sdg-9", "産業と技術革新の基盤をつくろう", "Industry, innovation and infrastructure"),
    ("sdg-10", "人や国の不平等をなくそう", "Reduced inequalities"),
    ("sdg-11", "住み続けられるまちづくりを", "Sustainable cities and communities"),
    ("sdg-12", "つくる責任 つかう責任", "Responsible consumption and production"),
    ("sdg-13", "気候変動に具体的な対策を", "Climate action"),
    ("sdg-14", "海の豊かさを守ろう", "Life below water"),
    ("sdg-15", "陸の豊かさも守ろう", "Life on land"),
    ("sdg-16", "平和と公正をすべての人に", "Peace, justice and strong institutions"),
    ("sdg-17", "パートナーシップで目標を達成しよう", "Partnerships for the goals"),
]

# Sendai's five wards and the two branch areas; a branch area lies inside its ward (parent).
AREAS = [
    ("aoba", "青葉区", "Aoba Ward", None),
    ("miyagino", "宮城野区", "Miyagino Ward", None),
    ("wakabayashi", "若林区", "Wakabayashi Ward", None),
    ("taihaku", "太白区", "Taihaku Ward", None),
    ("izumi", "泉区", "Izumi Ward", None),
    ("miyagi-branch", "宮城総合支所", "Miyagi Branch Office area", "aoba"),
    ("akiu-branch", "秋保総合支所", "Akiu Branch Office area", "taihaku"),
]

# Wards that share a border: the matcher gives "neighboring area" a little weight.
NEIGHBORING_AREAS = {
    "aoba": {"miyagino", "wakabayashi", "taihaku", "izumi", "miyagi-branch", "akiu-branch"},
    "miyagino": {"aoba", "wakabayashi", "izumi"},
    "wakabayashi": {"aoba", "miyagino", "taihaku"},
    "taihaku": {"aoba", "wakabayashi", "akiu-branch"},
    "izumi": {"aoba", "miyagino", "miyagi-branch"},
    "miyagi-branch": {"aoba", "izumi", "akiu-branch"},
    "akiu-branch": {"taihaku", "aoba", "miyagi-branch"},
}


# 地区 (districts) of each ward or branch area, as (Japanese, romaji): the places a group names in
# its 地区 field, its area covered or its name (片平一丁目町内会 → 片平). Curated from Sendai's
# place names; the list is not complete and need not be: a group whose 地区 is not here is
# simply matched by ward. A name is looked for only under the group's own ward, so 中央 or 新田
# never place a group in another ward's 地区.
DISTRICTS = {
    "aoba": [
        ("片平", "Katahira"),
        ("一番町", "Ichibancho"),
        ("国分町", "Kokubuncho"),
        ("本町", "Honcho"),
        ("中央", "Chuo"),
        ("上杉", "Kamisugi"),
        ("北山", "Kitayama"),
        ("八幡", "Hachiman"),
        ("川内", "Kawauchi"),
        ("木町", "Kimachi"),
        ("柏木", "Kashiwagi"),
        ("立町", "Tachimachi"),
        ("春日町", "Kasugamachi"),
        ("錦町", "Nishikicho"),
        ("支倉", "Hasekura"),
        ("五橋", "Itsutsubashi"),
        ("米ケ袋", "Yonegafukuro"),
        ("荒巻", "Aramaki"),
        ("中山", "Nakayama"),
        ("旭ケ丘", "Asahigaoka"),
        ("台原", "Dainohara"),
        ("貝ケ森", "Kaigamori"),
        ("国見", "Kunimi"),
        ("桜ケ丘", "Sakuragaoka"),
        ("吉成", "Yoshinari"),
        ("川平", "Kawadaira"),
        ("小松島", "Komatsushima"),
        ("堤町", "Tsutsumimachi"),
        ("通町", "Tori-machi"),
        ("宮町", "Miyamachi"),
        ("東照宮", "Toshogu"),
        ("大町", "Omachi"),
        ("土樋", "Tsuchitoi"),
        ("花壇", "Kadan"),
        ("八幡町", "Hachimanmachi"),
    ],
    "miyagi-branch": [
        ("愛子", "Ayashi"),
        ("錦ケ丘", "Nishikigaoka"),
        ("作並", "Sakunami"),
        ("郷六", "Goroku"),
        ("芋沢", "Imozawa"),
        ("大倉", "Okura"),
        ("栗生", "Kuriu"),
        ("新川", "Nikkawa"),
    ],
    "miyagino": [
        ("榴岡", "Tsutsujigaoka"),
        ("原町", "Haranomachi"),
        ("福室", "Fukumuro"),
        ("岩切", "Iwakiri"),
        ("高砂", "Takasago"),
        ("鶴ケ谷", "Tsurugaya"),
        ("燕沢", "Tsubamesawa"),
        ("宮千代", "Miyachiyo"),
        ("新田", "Shinden"),
        ("田子", "Tago"),
        ("中野", "Nakano"),
        ("蒲生", "Gamo"),
        ("岡田", "Okada"),
        ("東仙台", "Higashi-Sendai"),
        ("小鶴", "Kozuru"),
        ("幸町", "Saiwaicho"),
        ("萩野町", "Haginomachi"),
        ("五輪", "Gorin"),
        ("銀杏町", "Ichomachi"),
        ("宮城野", "Miyagino"),
        ("扇町", "Ogimachi"),
        ("苦竹", "Nigatake"),
        ("安養寺", "An'yoji"),
    ],
    "wakabayashi": [
        ("荒井", "Arai"),
        ("六丁の目", "Rokuchonome"),
        ("連坊", "Renbo"),
        ("新寺", "Shintera"),
        ("南小泉", "Minami-Koizumi"),
        ("沖野", "Okino"),
        ("大和町", "Yamatomachi"),
        ("遠見塚", "Tomizuka"),
        ("古城", "Furujiro"),
        ("河原町", "Kawaramachi"),
        ("荒町", "Aramachi"),
        ("南材木町", "Minami-Zaimokucho"),
        ("保春院前丁", "Hoshuinmaecho"),
        ("若林", "Wakabayashi"),
        ("卸町", "Oroshimachi"),
        ("霞目", "Kasuminome"),
        ("今泉", "Imaizumi"),
        ("七郷", "Shichigo"),
        ("六郷", "Rokugo"),
        ("荒浜", "Arahama"),
        ("文化町", "Bunkacho"),
        ("陸奥国分寺", "Mutsu-Kokubunji"),
    ],
    "taihaku": [
        ("長町南", "Nagamachi-Minami"),
        ("長町", "Nagamachi"),
        ("富沢", "Tomizawa"),
        ("西多賀", "Nishitaga"),
        ("八木山", "Yagiyama"),
        ("鈎取", "Kagitori"),
        ("中田", "Nakada"),
        ("四郎丸", "Shiromaru"),
        ("袋原", "Fukurobara"),
        ("郡山", "Koriyama"),
        ("茂庭", "Moniwa"),
        ("人来田", "Hitokita"),
        ("山田", "Yamada"),
        ("太子堂", "Taishido"),
        ("根岸町", "Negishimachi"),
        ("向山", "Mukaiyama"),
        ("越路", "Koshiji"),
        ("大年寺", "Dainenji"),
        ("泉崎", "Izumizaki"),
        ("柳生", "Yagyu"),
        ("坪沼", "Tsubonuma"),
        ("生出", "Oide"),
        ("緑ケ丘", "Midorigaoka"),
    ],
    "akiu-branch": [
        ("湯元", "Yumoto"),
        ("長袋", "Nagabukuro"),
        ("境野", "Sakaino"),
        ("馬場", "Baba"),
    ],
    "izumi": [
        ("泉中央", "Izumi-Chuo"),
        ("将監", "Shogen"),
        ("八乙女", "Yaotome"),
        ("黒松", "Kuromatsu"),
        ("泉ケ丘", "Izumigaoka"),
        ("向陽台", "Koyodai"),
        ("南光台", "Nankodai"),
        ("鶴が丘", "Tsurugaoka"),
        ("桂", "Katsura"),
        ("高森", "Takamori"),
        ("寺岡", "Teraoka"),
        ("紫山", "Murasakiyama"),
        ("松森", "Matsumori"),
        ("実沢", "Sanezawa"),
        ("根白石", "Nenoshiroishi"),
        ("七北田", "Nanakita"),
        ("長命ケ丘", "Chomeigaoka"),
        ("加茂", "Kamo"),
        ("住吉台", "Sumiyoshidai"),
        ("虹の丘", "Nijinooka"),
        ("北中山", "Kita-Nakayama"),
        ("明通", "Akedori"),
        ("市名坂", "Ichinazaka"),
        ("野村", "Nomura"),
        ("上谷刈", "Kamiyagari"),
        ("福岡", "Fukuoka"),
    ],
}


def install(Tag) -> None:
    """Create or update every tag of the vocabulary (idempotent). Takes the model class so that a
    data migration can pass its historical model."""
    for facet, rows in (("field", FIELDS), ("resource", RESOURCES), ("target", TARGETS)):
        for order, (slug, ja, en) in enumerate(rows):
            Tag.objects.update_or_create(
                facet=facet, slug=slug, defaults={"label_ja": ja, "label_en": en, "order": order}
            )
    for number, (slug, ja, en) in enumerate(SDGS, start=1):
        Tag.objects.update_or_create(
            facet="sdg",
            slug=slug,
            defaults={"label_ja": ja, "label_en": en, "order": number, "number": number},
        )
    for order, (slug, ja, en, _parent) in enumerate(AREAS):
        Tag.objects.update_or_create(
            facet="area", slug=slug, defaults={"label_ja": ja, "label_en": en, "order": order}
        )
    for slug, _ja, _en, parent in AREAS:
        if parent:
            Tag.objects.filter(facet="area", slug=slug).update(
                parent=Tag.objects.get(facet="area", slug=parent)
            )


# Words the matcher reads as one (the first of each group stands for all): community words that
# groups spell or say differently. Applied to listing texts before tokenizing, longest first.
SYNONYMS = [
    ("担い手", "後継者", "継承者", "跡継ぎ", "なり手", "若手"),
    ("子ども食堂", "こども食堂", "子供食堂"),
    ("見守り", "安否確認", "見守る", "声かけ"),
    ("集会所", "会館", "公民館", "集会場", "市民センター", "コミュニティセンター"),
    ("スマートフォン", "スマホ"),
    ("ホームページ", "ウェブサイト", "Webサイト", "HP"),
    ("祭り", "お祭り", "まつり", "夏祭り", "夏まつり", "秋祭り", "秋まつり"),
    ("送迎", "送り迎え", "移送"),
    ("お年寄り", "高齢者", "シニア", "年配の方"),
    ("チラシ", "ビラ", "フライヤー"),
    ("空き家", "空家"),
    ("防災訓練", "避難訓練"),
    ("清掃", "掃除", "ごみ拾い"),
    ("協賛", "スポンサー"),
    ("食品", "食材", "食料"),
]

# Target groups a listing's text names even when its tags do not (a listing for 小学生 is for
# children). Plain substrings of the NFKC text.
TARGET_WORDS = {
    "children": ("子ども", "こども", "子供", "小学生", "中学生", "児童", "乳幼児", "キッズ"),
    "families": ("子育て", "親子", "ママ", "パパ", "保護者"),
    "young-people": ("若者", "高校生", "大学生", "若い世代", "20代", "ユース"),
    "older-people": ("高齢", "お年寄り", "シニア", "年配", "敬老"),
    "people-with-disabilities": ("障害", "障がい", "車いす", "車椅子"),
    "foreign-residents": ("外国人", "留学生", "多文化", "やさしい日本語"),
    "disaster-affected": ("被災",),
    "people-in-need": ("生活困窮", "ひとり親", "困窮"),
}
