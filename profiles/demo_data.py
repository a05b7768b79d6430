# ruff: noqa: E501
"""Demo organizations for `seed_demo`: about 60 groups of all six kinds across Sendai's wards.

Names are invented (no real group is implied); wards, districts and tags are Sendai's. Each row:
(key, kind, name, ward, district, fields, sdgs, needs, offers, extra). needs/offers are
(title, description, [tag slugs]); tag slugs name resource/target tags.
"""

# Listings reused by kind, so each group gets realistic needs and offers.
NEEDS = {
    "neighborhood_association": [
        (
            "夏祭りの担い手を募集",
            "役員の高齢化で夏祭りの準備が難しくなっています。設営や模擬店を手伝ってくれる方を探しています。",
            ["successors", "volunteers", "all-residents"],
        ),
        (
            "防災訓練に若い世代の参加を",
            "毎年の防災訓練に学生や若い世代に参加してほしい。",
            ["youth-participation", "participants"],
        ),
        (
            "回覧板のデジタル化を手伝ってほしい",
            "回覧板をLINEやメールでも届けたい。設定を教えてくれる方を。",
            ["it-digital", "older-people"],
        ),
        (
            "高齢者の見守り活動の協力者",
            "ひとり暮らしの高齢者宅への声かけ訪問の協力者を探しています。",
            ["volunteers", "older-people"],
        ),
    ],
    "npo": [
        (
            "食材の寄付をお願いします",
            "子ども食堂で使う米・野菜・調味料の寄付を募っています。",
            ["food", "children"],
        ),
        (
            "会計の専門家に相談したい",
            "NPO会計と助成金の報告書作成について助言がほしい。",
            ["accounting", "expertise"],
        ),
        (
            "活動の広報を手伝ってほしい",
            "チラシとSNSでの発信を一緒に考えてくれる方を募集。",
            ["publicity", "design"],
        ),
        (
            "送迎ボランティアを募集",
            "活動参加者の送迎を手伝っていただける方（車両持ち込み歓迎）。",
            ["transport", "volunteers"],
        ),
        (
            "多言語での案内づくり",
            "外国人住民向けに、やさしい日本語と英語・ベトナム語の案内を作りたい。",
            ["translation", "foreign-residents"],
        ),
    ],
    "company": [
        (
            "社員が参加できる地域活動を探しています",
            "四方よしの取り組みとして、社員ボランティアの受け入れ先を探しています。",
            ["network", "employee-volunteers"],
        ),
        (
            "地域課題の調査に協力してくれる学生",
            "新サービス検討のため、地域の困りごとを一緒に調べてくれる学生を募集。",
            ["student-research", "research"],
        ),
    ],
    "university": [
        (
            "フィールドワークの受け入れ先",
            "ゼミのフィールドワーク（半年間）を受け入れてくださる地域団体を探しています。",
            ["network", "student-research"],
        ),
        (
            "調査へのご協力",
            "地域の防災意識についてのアンケート調査にご協力ください。",
            ["participants", "research"],
        ),
    ],
    "youth_group": [
        (
            "活動資金の協賛",
            "イベント開催のための協賛をお願いできる企業を探しています。",
            ["funding"],
        ),
        ("練習・会議の場所", "平日夜に10人程度で使える会議室を探しています。", ["venue"]),
        (
            "地域の大人のメンター",
            "企画づくりに助言をくれる地域の大人を募集。",
            ["expertise", "network"],
        ),
    ],
    "public": [
        (
            "市民センター講座の講師",
            "地域づくり講座の講師になってくださる団体・企業を募集。",
            ["expertise", "all-residents"],
        ),
    ],
}
OFFERS = {
    "neighborhood_association": [
        (
            "集会所をお貸しします",
            "平日昼間は集会所が空いています。地域の活動にご利用ください。",
            ["venue"],
        ),
        (
            "地域の情報を回覧でお知らせします",
            "町内の回覧板で、地域向けのイベント情報をお知らせできます。",
            ["publicity", "all-residents"],
        ),
    ],
    "npo": [
        (
            "子育て相談の専門スタッフ",
            "保育士・社会福祉士が子育ての相談に応じます。",
            ["expertise", "families"],
        ),
        (
            "ボランティアのコーディネート",
            "ボランティアの募集・研修・マッチングのノウハウを提供します。",
            ["facilitation", "volunteers"],
        ),
        (
            "調理室と食器の貸し出し",
            "イベントで使える調理室と食器を貸し出します。",
            ["venue", "equipment"],
        ),
    ],
    "company": [
        (
            "社員ボランティアを派遣します",
            "年2回、社員10名程度で地域活動に参加できます。",
            ["employee-volunteers", "volunteers"],
        ),
        (
            "印刷物の制作を支援",
            "チラシ・ポスターのデザインと印刷を協賛価格でお手伝いします。",
            ["design", "publicity"],
        ),
        (
            "会議室を無償で貸し出し",
            "土日は本社会議室（30名）を地域団体に無償で貸し出します。",
            ["venue"],
        ),
        ("車両と運転手の提供", "イベント時の物品運搬に社用車と運転手を出せます。", ["transport"]),
        (
            "IT導入の無料相談",
            "団体のホームページ、オンライン会議、会員管理の相談に応じます。",
            ["it-digital", "expertise"],
        ),
    ],
    "university": [
        (
            "学生ボランティアの紹介",
            "地域活動に関心のある学生を紹介します。",
            ["volunteers", "youth-participation"],
        ),
        (
            "地域調査・データ分析の協力",
            "研究室として地域の調査設計と分析に協力します。",
            ["research", "student-research"],
        ),
    ],
    "youth_group": [
        (
            "イベントの企画・運営",
            "若者向けのワークショップやイベントの企画・運営ができます。",
            ["facilitation", "youth-participation"],
        ),
        (
            "SNSでの発信を代行",
            "InstagramやTikTokでの発信をお手伝いします。",
            ["publicity", "photo-video"],
        ),
    ],
    "public": [
        (
            "助成金・補助金の案内",
            "地域づくり活動に使える助成制度をご案内します。",
            ["funding", "expertise"],
        ),
        (
            "団体同士の橋渡し",
            "活動分野や地域の近い団体をご紹介します。",
            ["network", "facilitation"],
        ),
    ],
}

# (key, kind, name, ward, district, fields, sdgs, extra)
ORGANIZATIONS = [
    # 町内会・自治会
    ("katahira1", "neighborhood_association", "片平一丁目町内会", "aoba", "片平", ["community-development", "disaster-prevention"], [11], {"households": 420, "area_covered": "片平一丁目全域"}),
    ("kamisugi3", "neighborhood_association", "上杉三丁目町内会", "aoba", "上杉", ["community-development"], [11], {"households": 380}),
    ("hachiman4", "neighborhood_association", "八幡四丁目町内会", "aoba", "八幡", ["community-safety"], [11, 16], {"households": 510}),
    ("sakunami", "neighborhood_association", "作並地区町内会連合会", "miyagi-branch", "作並", ["rural-areas", "tourism"], [11, 15], {"households": 650}),
    ("ayashi-higashi", "neighborhood_association", "愛子東町内会", "miyagi-branch", "愛子", ["community-development"], [11], {"households": 890}),
    ("fukumuro3", "neighborhood_association", "福室三丁目町内会", "miyagino", "福室", ["disaster-prevention"], [11, 13], {"households": 300}),
    ("tsurugaya1", "neighborhood_association", "鶴ケ谷第一町内会", "miyagino", "鶴ケ谷", ["health-welfare"], [3, 11], {"households": 1200}),
    ("arai-higashi", "neighborhood_association", "荒井東町内会", "wakabayashi", "荒井", ["disaster-prevention", "community-development"], [11], {"households": 740}),
    ("rokuchonome", "neighborhood_association", "六丁の目町内会", "wakabayashi", "六丁の目", ["community-safety"], [11], {"households": 560}),
    ("nagamachi-minami", "neighborhood_association", "長町南町内会", "taihaku", "長町南", ["child-development"], [4, 11], {"households": 980}),
    ("akiu-yumoto", "neighborhood_association", "秋保湯元町内会", "akiu-branch", "秋保町湯元", ["tourism", "rural-areas"], [8, 11], {"households": 270}),
    ("izumigaoka", "neighborhood_association", "泉ケ丘自治会", "izumi", "泉ケ丘", ["health-welfare"], [3, 11], {"households": 1500}),
    ("shogen", "neighborhood_association", "将監団地自治会", "izumi", "将監", ["disaster-prevention"], [11], {"households": 1100}),
    ("nankodai-higashi", "neighborhood_association", "南光台東町内会", "izumi", "南光台東", ["community-development"], [11], {"households": 690}),
    # NPO・市民活動団体
    ("mori-shokudo", "npo", "NPO法人 杜の子ども食堂", "wakabayashi", "連坊", ["child-development", "health-welfare"], [1, 2, 4], {"legal_form": "NPO法人"}),
    ("tabunka", "npo", "認定NPO法人 せんだい多文化ネット", "aoba", "一番町", ["international-cooperation", "human-rights-peace"], [10, 16], {"legal_form": "認定NPO法人"}),
    ("bosai-support", "npo", "NPO法人 みやぎ防災サポート", "miyagino", "原町", ["disaster-prevention", "disaster-relief"], [11, 13], {"legal_form": "NPO法人"}),
    ("hirose-eco", "npo", "一般社団法人 広瀬川エコクラブ", "aoba", "米ケ袋", ["environment"], [6, 14, 15], {"legal_form": "一般社団法人"}),
    ("izumi-senior", "npo", "NPO法人 泉シニアいきいき会", "izumi", "泉中央", ["health-welfare"], [3], {"legal_form": "NPO法人"}),
    ("taihaku-kosodate", "npo", "太白子育てひろば", "taihaku", "富沢", ["child-development"], [4, 5], {"legal_form": "任意団体"}),
    ("akiu-satoyama", "npo", "NPO法人 秋保里山の会", "akiu-branch", "秋保町長袋", ["rural-areas", "environment"], [15], {"legal_form": "NPO法人"}),
    ("foodbank", "npo", "NPO法人 若林フードバンク", "wakabayashi", "卸町", ["health-welfare"], [1, 2, 12], {"legal_form": "NPO法人"}),
    ("machinaka", "npo", "一般社団法人 仙台まちなか再生", "aoba", "中央", ["community-development", "economic-vitality"], [8, 11], {"legal_form": "一般社団法人"}),
    ("himawari", "npo", "NPO法人 就労支援ひまわり", "miyagino", "榴岡", ["employment-skills", "health-welfare"], [8, 10], {"legal_form": "NPO法人"}),
    ("hotaru", "npo", "作並ホタルの里を守る会", "miyagi-branch", "作並", ["environment"], [15], {"legal_form": "任意団体"}),
    ("it-volunteer", "npo", "NPO法人 仙台ITボランティア", "taihaku", "長町", ["information-society", "nonprofit-support"], [4, 9], {"legal_form": "NPO法人"}),
    ("manabi", "npo", "NPO法人 学びの伴走ネット", "wakabayashi", "荒浜", ["child-development", "disaster-relief"], [4], {"legal_form": "NPO法人"}),
    ("izumi-walking", "npo", "泉の森ウォーキングクラブ", "izumi", "根白石", ["culture-arts-sports"], [3], {"legal_form": "任意団体"}),
    # 企業
    ("mori-denki", "company", "株式会社 杜の都電機", "miyagino", "扇町", ["science-technology"], [7, 9], {"yoshi_declared": True, "industry": "電気工事業", "company_size": "従業員50名"}),
    ("aoba-insatsu", "company", "青葉印刷株式会社", "aoba", "本町", ["culture-arts-sports"], [8, 12], {"yoshi_declared": True, "industry": "印刷業", "company_size": "従業員30名"}),
    ("sendai-jisho", "company", "株式会社 仙台地所", "aoba", "国分町", ["community-development"], [11], {"industry": "不動産業", "company_size": "従業員80名"}),
    ("nagamachi-bakery", "company", "長町ベーカリー", "taihaku", "長町", ["economic-vitality"], [2, 12], {"yoshi_declared": True, "industry": "製造小売", "company_size": "従業員8名"}),
    ("wakabayashi-unyu", "company", "若林運輸株式会社", "wakabayashi", "卸町", ["economic-vitality"], [9], {"industry": "運輸業", "company_size": "従業員120名"}),
    ("izumi-it", "company", "株式会社 泉ITソリューションズ", "izumi", "泉中央", ["information-society"], [9, 17], {"yoshi_declared": True, "industry": "情報サービス", "company_size": "従業員25名"}),
    ("ryokusuitei", "company", "秋保温泉 旅館緑水亭", "akiu-branch", "秋保町湯元", ["tourism"], [8], {"industry": "宿泊業", "company_size": "従業員60名"}),
    ("kokeshi", "company", "作並こけし工房", "miyagi-branch", "作並", ["culture-arts-sports", "tourism"], [8, 12], {"industry": "伝統工芸", "company_size": "従業員5名"}),
    ("miyagino-kensetsu", "company", "宮城野建設株式会社", "miyagino", "岩切", ["disaster-prevention"], [9, 11], {"yoshi_declared": True, "industry": "建設業", "company_size": "従業員150名"}),
    ("design-room", "company", "株式会社 せんだいデザイン室", "aoba", "春日町", ["culture-arts-sports"], [17], {"industry": "デザイン", "company_size": "従業員6名"}),
    ("asaichi", "company", "仙台朝市青果", "aoba", "中央", ["economic-vitality"], [2, 12], {"industry": "小売業", "company_size": "従業員12名"}),
    ("taihaku-care", "company", "株式会社 太白ケアサービス", "taihaku", "八木山", ["health-welfare"], [3, 8], {"yoshi_declared": True, "industry": "介護サービス", "company_size": "従業員90名"}),
    # 大学・学校
    ("morinomiyako-univ", "university", "杜の都大学 地域連携センター", "aoba", "川内", ["social-education", "community-development"], [4, 11, 17], {"faculty_or_lab": "地域連携センター"}),
    ("aoba-gakuin", "university", "仙台青葉学院大学 社会福祉学科", "aoba", "土樋", ["health-welfare"], [3, 10], {"faculty_or_lab": "社会福祉学科 地域福祉ゼミ"}),
    ("miyagino-koka", "university", "宮城野工科大学 建築デザイン研究室", "miyagino", "苦竹", ["science-technology", "disaster-prevention"], [9, 11], {"faculty_or_lab": "建築デザイン研究室"}),
    ("izumigatake-hs", "university", "泉ヶ岳高等学校 ボランティア部", "izumi", "福岡", ["social-education"], [4], {"faculty_or_lab": "ボランティア部"}),
    ("taihaku-nursing", "university", "太白看護専門学校", "taihaku", "西多賀", ["health-welfare"], [3], {"faculty_or_lab": "看護学科"}),
    ("wakabayashi-tandai", "university", "若林短期大学 こども学科", "wakabayashi", "大和町", ["child-development"], [4], {"faculty_or_lab": "こども学科"}),
    ("akiu-nougaku", "university", "秋保農業学園", "akiu-branch", "秋保町境野", ["rural-areas"], [2, 15], {"faculty_or_lab": "園芸科"}),
    ("ayashi-koosen", "university", "愛子工業高等専門学校 情報科", "miyagi-branch", "愛子", ["information-society"], [4, 9], {"faculty_or_lab": "情報科"}),
    # 若者団体
    ("gakusei-machi", "youth_group", "仙台学生まちづくりネット", "aoba", "一番町", ["community-development"], [11, 17], {"member_count": 45, "age_min": 18, "age_max": 24}),
    ("youth-lab", "youth_group", "若林ユースラボ", "wakabayashi", "若林", ["social-education"], [4, 8], {"member_count": 20, "age_min": 15, "age_max": 29}),
    ("teens-bosai", "youth_group", "泉ティーンズ防災隊", "izumi", "八乙女", ["disaster-prevention"], [11, 13], {"member_count": 18, "age_min": 13, "age_max": 18}),
    ("u25", "youth_group", "太白U25ボランティア", "taihaku", "長町", ["health-welfare"], [3, 10], {"member_count": 32, "age_min": 16, "age_max": 25}),
    ("dance", "youth_group", "宮城野ダンスプロジェクト", "miyagino", "宮城野", ["culture-arts-sports"], [3], {"member_count": 40, "age_min": 12, "age_max": 22}),
    ("wakamono-noen", "youth_group", "秋保わかもの農園", "akiu-branch", "秋保町馬場", ["rural-areas", "environment"], [2, 15], {"member_count": 12, "age_min": 18, "age_max": 30}),
    ("camp-leaders", "youth_group", "作並キャンプリーダーズ", "miyagi-branch", "作並", ["child-development"], [4], {"member_count": 25, "age_min": 18, "age_max": 26}),
    # 公共・支援機関
    ("support-center", "public", "仙台市市民活動サポートセンター", "aoba", "一番町", ["nonprofit-support"], [17], {}),
    ("aoba-suishin", "public", "青葉区まちづくり推進課", "aoba", "上杉", ["community-development"], [11, 17], {}),
    ("miyagino-shakyo", "public", "宮城野区社会福祉協議会", "miyagino", "五輪", ["health-welfare"], [3, 10], {}),
    ("wakabayashi-center", "public", "若林区中央市民センター", "wakabayashi", "保春院前丁", ["social-education"], [4], {}),
    ("izumi-kenko", "public", "泉区家庭健康課", "izumi", "泉中央", ["health-welfare"], [3], {}),
    ("taihaku-center", "public", "太白区中央市民センター", "taihaku", "長町", ["social-education"], [4, 11], {}),
]  # fmt: skip

DESCRIPTIONS = {
    "neighborhood_association": "{district}地区の住民でつくる町内会です。防災訓練、清掃活動、夏祭り、敬老会などを行っています。",
    "npo": "{district}を拠点に活動しています。地域の課題に市民の力で取り組み、行政・企業・町内会と協働しています。",
    "company": "{district}の{industry}の会社です。地域に根ざした企業として、まちづくりへの参加を進めています。",
    "university": "{district}のキャンパスで、学生と教員が地域と協働した教育・研究に取り組んでいます。",
    "youth_group": "{district}周辺の若者が集まり、地域を楽しくする企画を自分たちでつくっています。",
    "public": "{district}にある公共の窓口です。市民活動や地域づくりの相談に応じ、団体同士をつなぎます。",
}  # fmt: skip
