-- Small documents for tests/fupin_test.lua ("small documents"): what the region
-- rules of scripts/fupin must do, one form per case, figures invented.
-- want: surface -> "kind region period" (- for empty), or false: not a fact.
return {
  { name = "east-west cooperation: the helped place, wherever the helper is written",
    text = "TITLE: 江苏帮扶铜仁扶贫协作成效明显\n\n"
      .. "苏州市对口帮扶铜仁市以来，苏州累计投入帮扶资金9.6亿元支持铜仁脱贫攻坚。"
      .. "苏州市帮扶资金县均达到3800万元，共转移贫困劳动力到苏州就业2100人。"
      .. "目前，苏州市4个区已与铜仁10个区县结对。\n",
    want = { ["9.6亿元"] = "funds 铜仁市 -", ["3800万元"] = "funds 铜仁市 -", ["2100人"] = "jobs 铜仁市 -",
             ["4个"] = "other 苏州市 -" } },
  { name = "east-west cooperation: help sent 向 a list of places",
    text = "广州市向黔南州、毕节市的深度贫困县倾斜帮扶资金，广州市今年安排财政帮扶资金6.5亿元。\n",
    want = { ["6.5亿元"] = "funds 贵州省 -" } },
  { name = "a city without counties is one place (东莞市)",
    text = "东莞市向昭通市捐赠扶贫资金800万元。\n",
    want = { ["800万元"] = "funds 昭通市 -" } },
  { name = "全国 in a class of places or a rank is not the page's place",
    text = "我省是全国扶贫开发重点省份，易地扶贫搬迁规模排全国第六位。"
      .. "全省累计搬迁贫困群众42万人，建成集中安置点610个。\n",
    want = { ["42万人"] = "housing - -", ["610个"] = "housing - -" } },
  { name = "a site's channel line (a lone province) is not a national report's place",
    text = "URL: http://gansu.example.com/news/2022/0310/8.html\nTITLE: 国家乡村振兴局：脱贫群众收入稳步增长\n\n"
      .. "甘肃\n当前位置：首页 > 要闻\n\n国家乡村振兴局：脱贫群众收入稳步增长\n\n"
      .. "记者从全国乡村振兴工作会议上获悉：国务院扶贫办将继续做好监测帮扶。\n\n"
      .. "据监测，脱贫人口人均纯收入达到1.2万元，比上年增长14%。\n",
    want = { ["1.2万元"] = "income 全国 -", ["14%"] = "income 全国 -" } },
  { name = "州级 is the prefecture of the page",
    text = "TITLE: 永平县发展核桃产业\n\n永平县博南镇新建核桃基地一处。\n\n大理州把产业扶贫作为重点。\n\n"
      .. "今年州级财政安排产业扶贫资金1800万元，县级财政安排资金3500万元。\n",
    want = { ["1800万元"] = "funds 大理白族自治州 -", ["3500万元"] = "funds 大理白族自治州 -" } },
  { name = "a place excepted with 除…外 is not the subject",
    text = "到明年底，甘肃除临夏州外，其余13个市州的贫困县全部摘帽。\n",
    want = { ["13个"] = "other 甘肃省 -" } },
  { name = "a village named again alone keeps the town written before",
    text = "镇雄县以勒镇大火地村村民李某种植天麻3亩。大火地村有贫困户120户，今年户均增收2000元。\n",
    want = { ["120户"] = "households 镇雄县以勒镇大火地村 -" } },
  { name = "a county page that writes only the county's short form",
    text = "紫阳探索“茶旅融合”扶贫路\n\n今年以来，紫阳大力发展富硒茶产业，该县新建茶园1.2万亩。"
      .. "紫阳扶贫办介绍，陕西省扶贫开发公司在全县投入帮扶资金600万元。\n",
    want = { ["600万元"] = "funds 紫阳 -" } },
  { name = "a headline's example (甲县等N个县) is not the article's place",
    text = "TITLE: 宁陕县等12个县退出贫困县序列\n\n宁陕县等12个县退出贫困县序列\n\n"
      .. "记者从陕西省扶贫办获悉，经省政府批准，12个县退出贫困县序列。\n\n今年贫困发生率下降到1.6%。\n",
    want = { ["1.6%"] = "other 陕西省 -" } },
  { name = "the nation's units and key counties make a page national",
    text = "本报北京6月2日电 记者从中央单位定点扶贫工作会议上获悉：中央和国家机关各单位今年向定点扶贫县投入帮扶资金42亿元。\n\n"
      .. "据统计，585个国家扶贫开发工作重点县新建农村公路8万公里。\n",
    want = { ["42亿元"] = "funds 全国 -", ["8万公里"] = "other 全国 -" } },
  { name = "a contiguous poor area named as such (X片区) is a region as written",
    text = "TITLE: 乌蒙山片区脱贫攻坚取得进展\n\n记者从会上获悉，川滇黔三省乌蒙山片区去年减少贫困人口48万人。"
      .. "昭通市地处乌蒙山片区腹地，全市建成安置点120个。\n",
    want = { ["48万人"] = "persons 乌蒙山片区 -", ["120个"] = "housing 昭通市 -" } },
  { name = "nothing before the figure: a reference word later in its clause",
    text = "2022年，贵州省健全防止返贫监测机制。威宁县新识别监测户320户。\n\n"
      .. "按照先建后补的原则，安排衔接资金860万元对全县监测户发展产业给予补助。\n",
    want = { ["860万元"] = "funds 威宁彝族回族苗族自治县 -" } },
  { name = "a list of places with pinyin glosses is still a list (紫雲縣(xiàn)、普定縣(xiàn)2個縣)",
    text = "2019年，江蘇新增結(jié)對紫雲(yún)縣(xiàn)、普定縣(xiàn)2個(gè)貧困縣(xiàn)攜手奔小康，"
      .. "共結(jié)對貴州等3省12個(gè)市州的貧困縣(xiàn)。\n",
    want = { ["2個"] = "other 江苏省 2019", ["3省"] = "other 江苏省 2019", ["12個"] = "other 江苏省 2019" } },
  { name = "a list of helper-helped pairs: the last helped place does not govern the next sentence",
    text = "山东省与重庆市深化扶贫协作，济南市对口武隆区、淄博市对口石柱县。目前，两地共结对帮扶村45个。\n",
    want = { ["45个"] = "villages 重庆市 -" } },
  { name = "a piece after a semicolon has its own subject",
    text = "以汉中市为例，略阳县新建扶贫车间12个，留坝县安排产业资金300万元；宁强县巴山镇茶叶加工项目，财政安排资金80万元。\n",
    want = { ["80万元"] = "funds 宁强县巴山镇 -" } },
  { name = "该市 after a help pair is the helper, not the helped",
    text = "多年来，宁波市对口帮扶安顺市，该市15个区县与安顺市8个县区结成帮扶对子。\n",
    want = { ["15个"] = "other 宁波市 -" } },
  { name = "a town written after its county, named again alone, is the same place",
    text = "昭觉县好谷乡拉洛村的村民正在采摘花椒。\n\n好谷乡党委书记介绍，全乡86户贫困户每户每年可分红800元。\n",
    want = { ["86户"] = "households 昭觉县好谷乡 -" } },
  { name = "a helper's own report that names one partner once keeps its figures",
    text = "TITLE: 浙江省扶贫工作综述\n\n浙江省今年安排省级扶贫资金25亿元，浙江全省低收入农户人均可支配收入增长10%。"
      .. "浙江省杭州市新建扶贫车间40个，浙江省宁波市培训低收入农户2万人次。同时，浙江继续对口帮扶贵州。\n",
    want = { ["25亿元"] = "funds 浙江省 -", ["40个"] = "projects 杭州市 -" } },
  { name = "a breakdown after 其中 does not govern the next sentence",
    text = "平罗县共识别建档立卡贫困户2100户，其中头闸镇900户，通伏乡300户。经过三年努力，1850户实现脱贫退出。\n",
    want = { ["1850户"] = "households 平罗县 -" } },
  { name = "where people go to work is not the figure's place",
    text = "TITLE: 会宁县劳务输转见成效\n\n会宁县组织贫困劳动力外出务工，全县共转移贫困劳动力到新疆务工3200人，在厦门就业1500人。\n",
    want = { ["3200人"] = "jobs 会宁县 -", ["1500人"] = "jobs 会宁县 -" } },
  { name = "where received migrants come from is not the figure's place",
    text = "多年来，吴忠市累计安置生态移民15万人，其中接收固原市南部山区贫困移民8.6万人，移民人均收入达到9000元。\n",
    want = { ["8.6万人"] = "housing 吴忠市 -", ["9000元"] = "income 吴忠市 -" } },
  { name = "a list closed by N个国定贫困县 or 以及 governs nothing after it",
    text = "截至2019年底，甘肃省还有未摘帽贫困县8个，分别是5个深度贫困县和临潭、夏河、岷县3个国定贫困县以及通渭县，"
      .. "剩余贫困人口17.5万人。\n",
    want = { ["3个"] = "other 甘肃省 2019", ["17.5万人"] = "persons 甘肃省 2019" } },
  { name = "a list of examples of a larger set (甲区、乙县等N个县) is not the place they share",
    text = "TITLE: 省政府批准西秀区、普定县等18个县(区)退出贫困县序列\n\n据贵州省扶贫办消息，全省贫困发生率降至1.2%。\n",
    want = { ["18个"] = "other 贵州省 -" } },
  { name = "a word that is also a county's short form (平安建设) makes no page county unless the page names where that county lies",
    text = "TITLE: 扎实推进脱贫攻坚\n\n平安建设扎实推进，群众安全感不断提升。平安创建持续深化。\n全县共减少贫困人口3200人。\n",
    want = { ["3200人"] = "persons - -" } },
  { name = "全市 in a page about a county-level city (宣威市), its short form (宣威) named too, is that city",
    text = "宣威市位于云南省东北部。宣威市委书记介绍，几年来宣威市把产业扶贫作为头等大事。\n\n"
      .. "全市建档立卡贫困人口减少到3100人，贫困发生率降至0.3%。\n\n宣威火腿产业带动作用日益凸显。\n",
    want = { ["3100人"] = "persons 宣威市 -", ["0.3%"] = "other 宣威市 -" } },
  { name = "a place after 是 is a scope of the sentence's subject, not the subject of its later clauses",
    text = "会泽县大井镇岩脚村是全县出了名的贫困村，实施整村推进后，农民人均收入由2100元增长到6800元。"
      .. "这个村是云南省深度贫困村的缩影，目前仍有贫困户42户。"
      .. "会泽县是全省27个深度贫困县之一。\n",
    want = { ["2100元"] = "income 会泽县大井镇岩脚村 -", ["6800元"] = "income 会泽县大井镇岩脚村 -",
             ["42户"] = "households 会泽县大井镇岩脚村 -", ["27个"] = "other 云南省 -" } },
  { name = "a government that approves is its place in its own clause; the 等 after a later place is that place's",
    text = "TITLE: 凉山州脱贫攻坚取得决定性进展\n\n4月20日，四川省人民政府批准雷波县等7个县退出贫困县序列。\n\n"
      .. "叙永县扎实推进脱贫攻坚，经四川省人民政府批准正式退出贫困县序列。目前，106个贫困村全部退出。\n",
    want = { ["7个"] = "other 四川省 -", ["106个"] = "villages 叙永县 -" } },
  { name = "a headline of the county's short form and a town's stem (石阡云雾坪：) is that town",
    text = "TITLE: 石阡云雾坪：扶贫日里分红忙\n\n石阡云雾坪：扶贫日里分红忙\n"
      .. "10月17日，石阡县云雾坪乡的42户贫困户领到了合作社的分红。\n"
      .. "“今年合作社带动贫困户35户，户均分红3000元。”合作社负责人说。\n",
    want = { ["42户"] = "households 石阡县云雾坪乡 -", ["35户"] = "households 石阡县云雾坪乡 -",
             ["3000元"] = "income 石阡县云雾坪乡 -" } },
  { name = "a place and its reference word after 在 (在甘肃全省率先) frame a comparison, not the subject",
    text = "TITLE: 镇原县脱贫攻坚纪实\n\n镇原县位于甘肃省东部。全县贫困发生率降至0.5%，在甘肃全省率先实现整县脱贫。"
      .. "此后，又有312户、1180人脱贫退出。\n",
    want = { ["312户"] = "households 镇原县 -", ["1180人"] = "persons 镇原县 -" } },
  { name = "where a meeting is held (推进会在毕节召开) is not the place of the figures reported there",
    text = "近日，贵州省易地扶贫搬迁后续扶持推进会在毕节召开。会议透露，目前共建成集中安置点946个。\n",
    want = { ["946个"] = "housing 贵州省 -" } },
  { name = "a list of events that names places runs on to its 等: the first place stays an example",
    text = "TITLE: 消费扶贫活动丰富多彩\n\n今年，湘潭市举办了韶山市银田镇黄桃节、湘乡市东郊乡莲子推介会等12场贫困地区产品助销活动。\n",
    want = { ["12场"] = "other 湘潭市 -" } },
  { name = "a cooperative named after the county of the article's town is of that town",
    text = "TITLE: 石阡云雾坪：茶叶合作社分红\n\n石阡云雾坪：茶叶合作社分红\n"
      .. "石阡县云雾坪乡的贫困户今年尝到了甜头。\n"
      .. "石阡县茗香茶叶专业合作社吸收贫困户56户，户均分红2600元。\n",
    want = { ["56户"] = "households 石阡县云雾坪乡 -" } },
  { name = "east-west cooperation: help given 对 the helped place (对甘肃开(kāi)展帮扶)",
    text = "TITLE: 鲁甘携手奔小康\n\n山东省去年派出85名专业技术人员到甘肃工作。山东省财政拨出协作资金9.2亿元，"
      .. "支持建设扶贫车间340个。为巩固成果，山东今年还将拿出5亿元对甘肃开(kāi)展帮扶。\n",
    want = { ["9.2亿元"] = "funds 甘肃省 -", ["340个"] = "projects 甘肃省 -" } },
  { name = "east-west cooperation: a sentence on the helper's partners as a group (3个省区) keeps the helper",
    text = "TITLE: 结对帮扶成效显著\n\n记者从广东省扶贫办了解到，广东累计拨付3个(gè)省区的财政帮扶资金达96亿元。\n\n"
      .. "广东对口帮扶广西以来，广西农村贫困人口减少到20万。广西已有一批农产品进入广东市场。\n",
    want = { ["96亿元"] = "funds 广东省 -", ["20万"] = "persons 广西壮族自治区 -" } },
  { name = "east-west cooperation: the helper's units that pair up (甲市120个街乡…结对) stay the helper's",
    text = "TITLE: 京蒙协作结硕果\n\n北京市对口帮扶内蒙古自治区，三年投入帮扶资金30亿元。"
      .. "北京共有120个街乡、95个村（社区）与内蒙古的贫困嘎查村建立结对关系。"
      .. "北京市属企业中有860家在内蒙古结对帮扶1200个贫困村。\n",
    want = { ["30亿元"] = "funds 内蒙古自治区 -", ["120个"] = "other 北京市 -", ["95个"] = "villages 北京市 -",
             ["860家"] = "other 北京市 -", ["1200个"] = "villages 内蒙古自治区 -" } },
  { name = "the article's place written only in short form (山西岢岚) is that form where nothing nearer governs",
    text = "TITLE: 山西岢岚发展杂粮产业\n\n山西岢岚发展杂粮产业\n\n岢岚地处晋西北，杂粮种植历史悠久。\n\n"
      .. "合作社负责人介绍，目前入社的建档立卡贫困户已有3000户，户均年增收2600元。\n",
    want = { ["3000户"] = "households 岢岚 -", ["2600元"] = "income 岢岚 -" } },
  { name = "a village below a banner the text writes only contracted (土左旗) takes that form in its path",
    text = "TITLE: 土左旗设施农业助脱贫\n\n土左旗把设施农业作为脱贫产业。\n\n"
      .. "察素齐镇西柜村今年新建扶贫大棚40座，村集体年收入达到21万元。\n",
    want = { ["21万元"] = "other 土左旗察素齐镇西柜村 -" } },
  { name = "南疆四地州 (新疆南部四地州) is a region as written; a place after 把, or a share's part after 其中 (其中甲地占85%), is no subject of the clauses after",
    text = "TITLE: 新疆深度贫困地区攻坚有力\n\n2019年，新疆集中力量把南疆四地州作为攻坚重点，当年减少贫困人口40万人。"
      .. "新疆财政扶贫投入300亿元，其中南疆四地州占85%，同年退出贫困村420个。新疆南部四地州贫困发生率降至6%。\n",
    want = { ["40万人"] = "persons 新疆维吾尔自治区 2019", ["300亿元"] = "funds 新疆维吾尔自治区 2019",
             ["85%"] = "funds 南疆四地州 2019", ["420个"] = "villages 新疆维吾尔自治区 2019", ["6%"] = "other 南疆四地州 2019" } },
  { name = "hundreds of national poor counties (国家级贫困县有310多个) are the nation's, on a county page too",
    text = "TITLE: 丹凤县电商扶贫助农增收\n\n丹凤县大力发展电商扶贫，全县建成电商服务站120个。\n\n"
      .. "一份电商报告显示，2018年，国家级贫困县有310多个在电商平台开设了特产馆，其中50余个贫困县销售额增长超过30%。\n",
    want = { ["120个"] = "other 丹凤县 -", ["310多个"] = "other 全国 2018", ["50余个"] = "other 全国 2018" } },
  { name = "全省 on a page whose main place is a prefecture found by its counties takes that prefecture's province",
    text = "本报讯 省扶贫办公布，今年全省又有12个贫困县通过评估退出贫困县序列。\n\n"
      .. "其中，大理州的宾川县、弥渡县、永平县、云龙县、洱源县、剑川县、鹤庆县实现摘帽。大理州巍山县、南涧县正在准备评估。\n",
    want = { ["12个"] = "other 云南省 -" } },
  { name = "a list whose 、 a web copy doubled with a comma (甲县,、乙县) is still a list; an area named before it is theirs",
    text = "近年来，武陵山片区酉阳县,、秀山县,、彭水县大力发展特色产业，,去年共减少贫困人口12万人。\n",
    want = { ["12万人"] = "persons 武陵山片区 -" } },
  { name = "a place joined by 及 after the whole's figure (全国…12000个及西藏60个…) is a part beside it: its own figure only",
    text = "TITLE: 整村推进工作取得新进展\n\n2013年，全国新纳入整村推进的贫困村达12000个及西藏60个贫困乡镇。"
      .. "当年有6800个贫困村通过验收，每村平均投入约300万元。\n",
    want = { ["12000个"] = "villages 全国 2013", ["6800个"] = "villages 全国 2013", ["约300万元"] = "funds 全国 2013" } },
  { name = "ten provinces or more (22个省(区、市)的1400个县) are the nation for the figures after them",
    text = "TITLE: 易地扶贫搬迁进展顺利\n\n记者从发布会上获悉，西藏自治区的搬迁任务较重。"
      .. "截至目前，易地扶贫搬迁覆盖22个省(区、市)的1400个县，建成集中安置点3万个。\n",
    want = { ["1400个"] = "other 全国 -", ["3万个"] = "housing 全国 -" } },
  { name = "全国 right before a count after 是 is that count's place, not a yardstick",
    text = "彝良县地处滇东北，是全国11个连片特困片区里贫困程度较深的县，全县共有贫困村86个。\n",
    want = { ["11个"] = "other 全国 -", ["86个"] = "villages 彝良县 -" } },
  { name = "a place after 向 is where help goes, not the subject of the sentences after it",
    text = "昭通市去年统筹各类涉农资金1.2亿元，主要投向镇雄县的贫困村。"
      .. "此外还争取到省级专项扶贫资金2600万元，建成扶贫车间9个。\n",
    want = { ["2600万元"] = "funds 昭通市 -", ["9个"] = "projects 昭通市 -" } },
  { name = "a district the gazetteer lacks, written right after its city, is a county as written",
    text = "TITLE: 吉安茶叶扶贫见成效\n\n日前，吉安市白鹭湖区的茶叶基地已带动贫困户320户增收。"
      .. "近年来，白鹭湖区共建成扶贫车间18个，该区累计投入产业扶贫资金96万元。\n",
    want = { ["320户"] = "households 白鹭湖区 -", ["18个"] = "projects 白鹭湖区 -", ["96万元"] = "funds 白鹭湖区 -" } },
  { name = "a scope right before a count (在中国11个…里) is that count's place, and that count's only",
    text = "甘肃省贫困面广。据统计，在中国11个集中连片特困片区里，甘肃省就占了3个片区。"
      .. "去年，甘肃省农民人均可支配收入比全国10个片区平均水平高出1.2个百分点。\n",
    want = { ["11个"] = "other 全国 -", ["3个"] = "other 甘肃省 -", ["1.2个百分点"] = "income 甘肃省 -" } },
  { name = "after parallel places, a clause with no place continues the clause before when it has a figure",
    text = "TITLE: 协作项目落地见效\n\n以安康市为例，去年建成的石泉县某中心小学由帮扶资金安排260万元，"
      .. "汉阴县扶贫敬老院由帮扶资金安排140万元，新增床位80张。\n",
    want = { ["140万元"] = "funds 汉阴县 -", ["80张"] = "other 汉阴县 -" } },
  { name = "nothing before the figure: the first place later in its sentence, past its clause",
    text = "TITLE: 安康市交通局扶贫工作队圆满完成驻村任务\n\n市交通局扶贫工作队坚持规划先行，扎实推进脱贫攻坚。"
      .. "新建蓄水池12口，安装太阳能路灯40盏，使岚皋县石门村的人居环境明显改善。\n",
    want = { ["12口"] = "other 岚皋县石门村 -", ["40盏"] = "other 岚皋县石门村 -" } },
  { name = "a breakdown by the short names of a city's counties: each part is its county, as written",
    text = "URL: http://x.cn/2018/12/20/a.html\nTITLE: 安康市今年减贫成效明显\n\n"
      .. "今年，安康市共减少建档立卡贫困人口9600人（石泉3200人、汉阴2900人、紫阳3500人）和贫困村41个，全部达到退出标准。\n",
    want = { ["9600人"] = "persons 安康市 2018", ["3200人"] = "persons 石泉 2018", ["2900人"] = "persons 汉阴 2018",
             ["3500人"] = "persons 紫阳 2018", ["41个"] = "villages 安康市 2018" } },
  { name = "a city the text never writes in full is written as the text writes it",
    text = "TITLE: 六安扶贫成效明显\n\n记者从扶贫办获悉，去年六安共投入财政扶贫资金12.6亿元，"
      .. "六安新建扶贫车间86个，带动贫困群众就业3400人。\n",
    want = { ["12.6亿元"] = "funds 六安 -", ["86个"] = "projects 六安 -", ["3400人"] = "jobs 六安 -" } },
  { name = "a city the text writes in full once is written in full everywhere",
    text = "TITLE: 六安扶贫成效明显\n\n记者从六安市扶贫办获悉，去年六安共投入财政扶贫资金12.6亿元，"
      .. "新建扶贫车间86个。\n",
    want = { ["12.6亿元"] = "funds 六安市 -", ["86个"] = "projects 六安市 -" } },
  { name = "a city never written in full is as written also when a figure takes it as its counties' parent",
    text = "TITLE: 六安扶贫成效明显\n\n去年六安共投入扶贫资金12.6亿元。"
      .. "金寨县、霍邱县、舒城县3个县新建扶贫车间86个，带动贫困群众就业3400人。\n",
    want = { ["86个"] = "projects 六安 -", ["3400人"] = "jobs 六安 -" } },
  { name = "a page that lists the province's cities but never names the province: 全省 is empty",
    text = "截至2017年底，全省共有建档立卡贫困人口86万人，贫困村1200个。\n"
      .. "截至2017年底，邵阳市共有贫困人口9.2万人。\n截至2017年底，怀化市共有贫困人口7.9万人。\n"
      .. "截至2017年底，永州市共有贫困人口5.1万人。\n",
    want = { ["86万人"] = "persons - 2017", ["1200个"] = "villages - 2017", ["9.2万人"] = "persons 邵阳市 2017" } },
  { name = "我市 of a page that names the city's counties, never the city, is empty; the province it writes stays",
    text = "经省政府批准，我市祁东县、衡东县、衡南县退出贫困县序列，湖南省脱贫攻坚取得决定性进展。"
      .. "全市贫困发生率降至0.6%，累计减少贫困人口12.4万人。\n"
      .. "我市将巩固脱贫成果，衡南县今年新建扶贫车间26个。\n",
    want = { ["0.6%"] = "other - -", ["12.4万人"] = "persons - -", ["26个"] = "projects 衡南县 -" } },
  { name = "全省 of a page on a county it writes is that county's province",
    text = "TITLE: 紫阳县脱贫攻坚推进\n\n紫阳县今年新建扶贫车间12个。全省易地搬迁安置点共有2100个。\n",
    want = { ["12个"] = "projects 紫阳县 -", ["2100个"] = "housing 陕西省 -" } },
  { name = "a cooperation page from the helped side: 我省 and the pair's 两省 are the pair's other province",
    text = "TITLE: 浙川协作深入推进\n\n记者从省乡村振兴局获悉，2021年，浙江省共向我省投入帮扶资金18.5亿元。"
      .. "浙川两省共建产业园区35个，吸纳我省农村劳动力4200人。\n",
    want = { ["35个"] = "projects 四川省 2021", ["4200人"] = "jobs 四川省 2021" } },
  { name = "a cooperation page from the helper's side: 我省 set against the helped province is the helper",
    text = "TITLE: 苏陕协作成效明显\n\n2020年，我省共向陕西省投入帮扶资金21亿元，苏陕两省共建产业园区28个。"
      .. "我省13个设区市已与陕西省的市结对。\n",
    want = { ["13个"] = "other 江苏省 2020" } },
  { name = "全区 after a contiguous poor area is the autonomous region, not the area",
    text = "今年3月，广西宣布一批贫困县摘帽，其中包括滇桂黔石漠化片区凤山县、东兰县等，全区贫困发生率降至0.6%。\n",
    want = { ["0.6%"] = "other 广西壮族自治区 -" } },
  { name = "a cooperative named in quotes after the county of the article's town is of the town",
    text = "URL: http://x.cn/2019/05/20/a.html\nTITLE: 紫阳县洞河镇产业合作社助农增收\n\n"
      .. "近年来，紫阳县洞河镇组建产业扶贫合作社，带动贫困群众增收。2018年，紫阳“富硒茶叶专业合作社”新建茶园260亩，"
      .. "带动38户贫困户户均增收6300元。\n",
    want = { ["260亩"] = "other 紫阳县洞河镇 2018", ["38户"] = "households 紫阳县洞河镇 2018" } },
  { name = "the nation a place lies in (地处我国…, 位于中国…) is no subject: 全省 after it is the place's",
    text = "URL: http://x.cn/2019/06/01/a.html\nTITLE: 保险扶贫的青海实践\n\n"
      .. "青海地处我国西部高原，是多民族聚居的欠发达省份。截至2018年底，在全省建档立卡贫困户5.2万户中，"
      .. "因病致贫的1.1万户。\n",
    want = { ["5.2万户"] = "households 青海省 2018", ["1.1万户"] = "households 青海省 2018" } },
  { name = "a place in the title of a document applied (贯彻实施《甲省…条例》) is its issuer: an unnamed 全县 stays empty",
    text = "URL: http://x.gov.cn/Item/Show.asp?d=1\nTITLE: \n\n关于《云南省农村扶贫开发条例》执法检查情况的报告\n"
      .. "现将我县贯彻实施《云南省农村扶贫开发条例》情况报告如下。2017年，全县退出贫困村25个、减少贫困人口1.2万人。\n",
    want = { ["25个"] = "villages - 2017", ["1.2万人"] = "persons - 2017" } },
  { name = "a document that reports (《甲省政府工作报告》提出) keeps its place",
    text = "URL: http://x.cn/2018-02/07/a.htm\nTITLE: \n\n《2018年云南省政府工作报告》提出，今年全省计划减贫100万人。\n",
    want = { ["100万人"] = "persons 云南省 2018" } },
  { name = "a list of places written with their provinces (新疆和田、西藏拉萨的53个县) is no one's: the sentence's subject",
    text = "URL: http://x.cn/2020/05/13/a.html\nTITLE: \n\n北京市扶贫支援办介绍，北京对口帮扶7个地区90个县，其中，"
      .. "结对帮扶内蒙古、河北张家口、湖北十堰、新疆和田、西藏拉萨的53个县。\n今天，北京与河北张家口签下扶贫合作项目12个。\n",
    want = { ["53个"] = "other 北京市 -", ["12个"] = "projects 张家口 -" } },
  { name = "east-west cooperation: places counted after the help word (结对30个县) are the helped side's, those before 结对 the helper's",
    text = "TITLE: 新一轮鲁甘协作启动\n\n记者从鲁甘东西部协作推进会获悉，山东16个市已与甘肃9个市(州)的42个县明确结对关系。"
      .. "山东长期帮扶甘肃，累计投入财政帮扶资金60亿元。山东今后将结对帮扶甘肃省，在原先结对30个县的基础上新增12个县。\n",
    want = { ["16个"] = "other 山东省 -", ["60亿元"] = "funds 甘肃省 -", ["30个"] = "other 甘肃省 -",
             ["12个"] = "other 甘肃省 -" } },
  { name = "市直 after a city's short name is the city's organs: the full name is not written (韶关市直各部门)",
    text = "TITLE: 韶关扶贫\n\n2019年,韶关市直各部门与省直单位结对帮扶贫困村85个。韶关全年投入扶贫资金3.6亿元。\n",
    want = { ["85个"] = "villages 韶关 2019", ["3.6亿元"] = "funds 韶关 2019" } },
  { name = "east-west cooperation: two helpers listed before the helped place (北京、天津已向河北…) are both helpers",
    text = "TITLE: 北京天津协作帮扶 河北脱贫见成效\n\n北京、天津对河北全方位协作帮扶,助推河北脱贫攻坚。\n\n"
      .. "目前,北京、天津已向河北累计投入帮扶资金56.2亿元,实施帮扶项目3120个,帮助就业8.6万人。\n",
    want = { ["56.2亿元"] = "funds 河北省 -", ["3120个"] = "projects 河北省 -", ["8.6万人"] = "jobs 河北省 -" } },
  { name = "the nation's macro-regions (西部地区, 中部地区) are the nation's; a province's own (吉林东部地区) is the province's",
    text = "URL: http://x.cn/2019/02/15/a.html\nTITLE: 贫困人口继续减少\n\n"
      .. "据统计,2018年末西部地区农村贫困人口916万人,中部地区农村贫困人口597万人。\n\n吉林省扶贫办介绍,吉林东部地区有贫困户1200户。\n",
    want = { ["916万人"] = "persons 全国 2018", ["597万人"] = "persons 全国 2018", ["1200户"] = "households 吉林省 -" } },
  { name = "hundreds of poor counties counted before the noun (有832个贫困县) are the nation's, after a province's figure",
    text = "URL: http://x.cn/2019/03/10/a.html\nTITLE: 减贫成效\n\n目前贵州还有贫困人口30万人。从贫困县来说,有832个贫困县。\n",
    want = { ["30万人"] = "persons 贵州省 2019", ["832个"] = "other 全国 -" } },
  { name = "a dateline in traditional script with glosses (本報(bào)濟(jì)南訊) is where the reporter was, not the subject",
    text = "URL: http://x.cn/2017/05/02/a.html\nTITLE: \n\n"
      .. "本報(bào)濟(jì)南訊 近日,記者從省扶貧辦獲悉,今年全省新建扶貧車間120個,帶動貧困群眾就業3500人。\n",
    want = { ["120個"] = "projects - 2017", ["3500人"] = "jobs - 2017" } },
  { name = "east-west cooperation: units two helpers pair up together (北京、天津…;120家企业…结对) are no one helper's own",
    text = "TITLE: 北京天津协作帮扶 河北脱贫见成效\n\n北京、天津对河北全方位协作帮扶,助推河北脱贫攻坚。\n\n"
      .. "北京、天津已向河北累计投入帮扶资金56.2亿元;120家企业、85所学校与贫困村结对帮扶。\n",
    want = { ["56.2亿元"] = "funds 河北省 -", ["120家"] = "other 河北省 -" } },
  { name = "a province's short name between two provinces of a table (广东 ⏎ 海南 ⏎ 青海) is the province, not 海南州",
    text = "URL: http://x.cn/n1/2018/0301/a.html\nTITLE: \n\n省份 | 2018年脱贫目标 |\n广东 | 实现20万贫困人口脱贫 |\n"
      .. "海南 | 实现6万农村贫困人口脱贫 |\n青海 | 确保8万名贫困人口脱贫 |\n\n人民网北京3月1日电 近日,各省两会结束,多个省份提出了年内脱贫目标。\n",
    want = { ["6万"] = "persons 海南省 2018", ["8万名"] = "persons 青海省 2018" } },
  { name = "a one-character county named with its own organs once (2019年滑县人民政府工作报告) is known",
    text = "URL: http://x.cn/a/7731.html\nTITLE: \n\n2019年滑县人民政府工作报告\n"
      .. "各位代表:现在,我代表县人民政府向大会作工作报告。全县上下尽锐出战,累计投入扶贫资金28亿元,贫困发生率降至0.8%。\n",
    want = { ["28亿元"] = "funds 滑县 -", ["0.8%"] = "other 滑县 -" } },
  { name = "我代表县人民政府: 表县 is no county, and a one-character county never named with its organs stays unknown",
    text = "URL: http://x.cn/2019/02/01/a.html\nTITLE: \n\n各位代表:我代表县人民政府报告工作。提高县域经济水平,全县累计投入扶贫资金3亿元。\n",
    want = { ["3亿元"] = "funds - -" } },
  { name = "a place a region lies around (是河南省和郑州周边…的县之一) is no subject: 全省 is the subject's province",
    text = "URL: http://x.cn/2019/06/01/a.html\nTITLE: \n\n"
      .. "兰考县位于河南省东部,是河南省和郑州周边贫困人口较为集中的县之一,2017年被确定为全省首批8个脱贫摘帽县之一。\n",
    want = { ["8个"] = "other 河南省 2017" } },
  { name = "a share of the nation's figure with a time word between (仅为当年全国…的20%) is the subject's",
    text = "URL: http://x.cn/2019/06/01/a.html\nTITLE: \n\n"
      .. "2014年,石门县坪上村人均纯收入1800元,仅为当年全国农民人均纯收入的20%。\n",
    want = { ["20%"] = "income 石门县坪上村 2014" } },
  { name = "the places a count lists in brackets (剩余的1个贫困县(甲县)) are the items counted, not the count's place",
    text = "URL: http://x.cn/2020/01/10/a.html\nTITLE: 甘肃脱贫攻坚\n\n"
      .. "今年,甘肃省将全面完成脱贫任务。\n\n剩余的1个贫困县(临夏县)和全省5.6万贫困人口年底前将全部脱贫。\n",
    want = { ["1个"] = "other 甘肃省 2020" } },
  { name = "a place that is the scope of one of a kind (是甲县全县唯一的…乡镇) is no subject: the town's figure",
    text = "URL: http://x.cn/2019/06/01/a.html\nTITLE: \n\n"
      .. "近年来,宣威市羊场镇大力发展扶贫产业。羊场镇是宣威全市唯一的产煤乡镇,2015年贫困发生率达28.4%。\n",
    want = { ["28.4%"] = "other 宣威市羊场镇 2015" } },
  { name = "counties written short in a list their count sums (甲江、乙江、丙县3县), and members of a whole divided (全州8县市中,…)",
    text = "URL: http://x.cn/2019/03/01/a.html\nTITLE: \n\n"
      .. "截至2018年底,临夏州贫困发生率降至5.2%;全州8县市中,临夏市于2017年率先摘帽,2018年永靖、广河、和政3县申请退出,"
      .. "3县贫困发生率均降至2%以下,群众认可度达到98%以上。\n",
    want = { ["3县"] = "other 临夏回族自治州 2018", ["2%以下"] = "other 临夏回族自治州 2018",
             ["98%以上"] = "other 临夏回族自治州 2018" } },
  { name = "a province's partner provinces (浙江与对口协作的4个省份) are the province's count; a bare count of provinces the nation's",
    text = "URL: http://x.cn/2019/10/12/a.html\nTITLE: \n\n"
      .. "今年,浙江省与对口协作的4个省份在杭州举办消费扶贫产品展销会。目前全国已有22个省份开展消费扶贫月活动。\n",
    want = { ["4个"] = "other 浙江省 2019", ["22个"] = "other 全国 2019" } },
  { name = "a page's breadcrumb (当前位置: 河南新闻网 > 要闻) names the site's sections, not the subject",
    text = "URL: http://x.cn/2020/09/01/a.html\nTITLE: 全国消费扶贫成效明显\n\n当前位置: 河南新闻网 > 今日要闻\n\n"
      .. "全国消费扶贫成效明显\n\n今年1至8月,全国各级工会采购贫困地区农产品达36亿元,全国工会系统设立扶贫专柜1.2万个。\n\n"
      .. "做好消费扶贫,工会系统累计带动贫困户30余万户增收。\n",
    want = { ["30余万户"] = "households 全国 -" } },
}
