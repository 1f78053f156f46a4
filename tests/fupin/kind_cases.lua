-- Small documents for tests/fupin_test.lua ("small documents"): what the kind
-- rules of scripts/fupin must do, one form per case, figures invented.
-- want: surface -> "kind region period" (- for empty), or false: not a fact.
return {
  { name = "monitored households are other, the unstable lifted-out among them lifted out",
    text = "TITLE: 丽江市防返贫动态监测工作通报\n\n2021年末，丽江市纳入监测对象共3120户10450人（脱贫不稳定户1210户4230人、"
      .. "边缘易致贫户980户3370人、突发严重困难户930户2850人），占脱贫人口总数的8.12%；累计消除风险1460户4980人。\n",
    want = { ["3120户"] = "other 丽江市 2021", ["10450人"] = "other 丽江市 2021",
             ["1210户"] = "households 丽江市 2021", ["4230人"] = "persons 丽江市 2021",
             ["980户"] = "other 丽江市 2021", ["2850人"] = "other 丽江市 2021",
             ["8.12%"] = "other 丽江市 2021", ["1460户"] = "other 丽江市 2021", ["4980人"] = "other 丽江市 2021" } },
  { name = "lifted-out workers in work are jobs, and so is the count's change",
    text = "2022年，云南省帮扶脱贫劳动力实现务工就业320万人，比上年增加12万人、增长3.9%。\n",
    want = { ["320万人"] = "jobs 云南省 2022", ["12万人"] = "jobs 云南省 2022", ["3.9%"] = "jobs 云南省 2022" } },
  { name = "schools and clinics by the noun beside the count, also at a relocation site or renovated",
    text = "2020年，全省易地扶贫搬迁安置区配套新建或共享小学49所、初中44所、卫生院(所)122个。"
      .. "全县改造贫困村薄弱学校15所。\n",
    want = { ["49所"] = "education - 2020", ["44所"] = "education - 2020", ["122个"] = "health - 2020",
             ["15所"] = "education - 2020" } },
  { name = "a share of a loan or of money spent is funds",
    text = "2016年，定西市精准扶贫专项贷款已发放8成以上。省级下达扶贫资金3.2亿元，较上年增长12%，用于产业扶贫项目的比例达78%。\n",
    want = { ["8成以上"] = "funds 定西市 2016", ["78%"] = "funds 定西市 2016" } },
  { name = "a rate of poverty reduction whose count is the clause before",
    text = "2017年，通化市农村贫困人口累计脱贫5.2万人，减贫幅度达到68%以上；当年可实现脱贫退出2100户5300人，累计实现脱贫退出64%。\n",
    want = { ["68%以上"] = "persons 通化市 2017", ["64%"] = "persons 通化市 2017" } },
  { name = "counts of counties with a rank or a programme are other; 示范县 are projects; 农村 is no village",
    text = "2019年，甘肃省实现3个国家级和5个省级贫困县脱贫摘帽，新建8个电子商务进农村综合示范县，确定12个国家乡村振兴重点帮扶县并出台9项支持政策。"
      .. "全省31个贫困县已摘帽24个 农村贫困人口减少到17万人。\n",
    want = { ["3个"] = "other 甘肃省 2019", ["5个"] = "other 甘肃省 2019", ["12个"] = "other 甘肃省 2019",
             ["8个"] = "projects 甘肃省 2019", ["24个"] = "other 甘肃省 2019" } },
  { name = "projects whose purposes are listed, and villages' associations, are projects",
    text = "2018年，望谟县实施扶贫资金项目中，用于教育、医疗和饮水安全项目共计36个。全县组建12个贫困村互助协会。\n",
    want = { ["36个"] = "projects 望谟县 2018", ["12个"] = "projects 望谟县 2018" } },
  { name = "poverty lines, populations, public revenue and size classes are no facts",
    text = "2015年，人口仅420.5万人的宁南州是扶贫任务重的地区之一，按人均收入2300元的国家扶贫标准，全州还有贫困人口31万人。"
      .. "以年人均纯收入6500元为标准线，全县18.6万农业人口中有贫困人口2.4万人。"
      .. "全州财政总收入56.2亿元，比2010年增长3.1倍。贫困发生率在15%以上的县有9个，搬迁人口超过2000人的有6个。\n",
    want = { ["420.5万人"] = false, ["2300元"] = false, ["6500元"] = false, ["18.6万"] = false,
             ["56.2亿元"] = false, ["3.1倍"] = false, ["15%以上"] = false, ["超过2000人"] = false,
             ["31万人"] = "persons - 2015", ["2.4万人"] = "persons - 2015" } },
  { name = "counts of what the sentence lists, and of a quoted list are no facts",
    text = "2018年，退出贫困的12个县(市)分别是：甲县、乙县、丙县等。该市着力解决“地、房、钱”等3个问题，"
      .. "全市易地扶贫搬迁贫困群众2.6万人。\n",
    want = { ["12个"] = false, ["3个"] = false, ["2.6万人"] = "housing - 2018" } },
  { name = "student aid per head in a paragraph without a poverty word is funds",
    text = "TITLE: 廊坊市扶贫助学\n\n2019年，廊坊市明确家庭困难学生可申请国家助学金。"
      .. "在普通高中就读的学生，每生每年补助不低于2200元；寄宿生生活费补助标准为小学每生每年1100元、初中每生每年1350元。\n",
    want = { ["不低于2200元"] = "funds 廊坊市 -", ["1100元"] = "funds 廊坊市 -", ["1350元"] = "funds 廊坊市 -" } },
  { name = "who qualifies by what they can do is no fact",
    text = "2017年，镇巴县对能带动贫困户10户以上的家庭农场每户给予20万元授信，且能吸纳贫困劳动力30人以上就业的企业给予50万元贴息。\n",
    want = { ["10户以上"] = false, ["30人以上"] = false, ["20万元"] = "funds 镇巴县 2017" } },
  { name = "relocation: a breakdown in its own clause, moves in the next clause, the people of moved households",
    text = "“十三五”期间，紫阳县共实施易地扶贫搬迁群众6200户21300人，其中建档立卡户5100户17800人。"
      .. "2020年4月，96户建档立卡贫困户、共412人，陆续搬迁至县城集中安置点。"
      .. "2019年，全县共有1.3万户贫困户搬进新居，2.9万人在新家过春节。全国780多万建档立卡贫困群众全部乔迁新居。\n",
    want = { ["5100户"] = "housing 紫阳县 2016/2020", ["17800人"] = "housing 紫阳县 2016/2020",
             ["96户"] = "housing 紫阳县 2020", ["412人"] = "housing 紫阳县 2020",
             ["2.9万人"] = "housing 紫阳县 2019", ["780多万"] = "housing 全国 2019" } },
  { name = "children of poor households in school are education, their households households",
    text = "2016年，洛川县有6800户贫困家庭子女9200人在全县各级各类学校就读。\n",
    want = { ["6800户"] = "households 洛川县 2016", ["9200人"] = "education 洛川县 2016" } },
  { name = "surgeries are health, staff sent are other, the second share of a plan's targets takes its count",
    text = "2019年，对口帮扶资金为贫困群众实施了150余例白内障免费手术。天津选派医疗技术人员86人到甘南帮助工作。"
      .. "已转移贫困人口到天津就业420名、就近就业1800名，分别完成协议目标的210%和120.5%。\n",
    want = { ["150余例"] = "health 天津市 2019", ["86人"] = "other 天津市 2019", ["120.5%"] = "jobs 甘南藏族自治州 2019" } },
  { name = "one family's story without a pronoun is no fact",
    text = "2018年，石门县搬迁贫困群众1200户。全家5口人，父亲常年卧病，2个女儿上学。"
      .. "溪口村村民刘春，种植猕猴桃8亩，今年收入9000多元。李秀兰是溪口村的贫困户，去年新种2.5亩茶叶，拿到产业补助款1600元。\n",
    want = { ["1200户"] = "housing 石门县 2018", ["5口"] = false, ["2个"] = false, ["8亩"] = false, ["9000多元"] = false,
             ["2.5亩"] = false, ["1600元"] = false } },
  { name = "the counter 村 counts villages",
    text = "2016年，通渭县易地扶贫搬迁第一批搬迁平襄、义岗等3镇6村210户980人。\n",
    want = { ["6村"] = "villages 通渭县 2016" } },
  { name = "the poor in need of water counted after their name are persons; solved water problems are other",
    text = "2018年，贵州省累计解决饮水困难贫困人口210多万人，解决了38万贫困人口饮水安全问题。\n",
    want = { ["210多万人"] = "persons 贵州省 2018", ["38万"] = "other 贵州省 2018" } },
  { name = "a ratio to last year's count takes the count's kind",
    text = "2020年5月底，甘肃省返岗务工的贫困人口已达98.3万人，为去年务工人数的97.6%。\n",
    want = { ["98.3万人"] = "jobs 甘肃省 2020", ["97.6%"] = "jobs 甘肃省 2020" } },
  { name = "a count of divisions in Chinese numerals after their names, or of a whole, is other; a pair named before is no fact",
    text = "2019年，湖南省同意凤溪、桃源两县退出贫困县序列，凤溪、桃源两个县位列其中。三个贫困县的退出只是阶段性成果。"
      .. "东源市对口帮扶西林市，两市携手攻坚。2019年，西林市第二批贷款覆盖全市三县一区，在凤溪、桃源、清河、安平四个交通不便的县新建冷库12座。"
      .. "清河、安平、白水、凤溪、桃源五县茶叶、油茶种植项目全面完成。\n",
    want = { ["两县"] = "other 湖南省 2019", ["两个"] = "other 湖南省 2019", ["三个"] = "other 湖南省 2019",
             ["三县"] = "other 湖南省 2019", ["两市"] = false, ["四个"] = false,
             ["五县"] = false } },
  { name = "poor villages named after a count are villages whatever is done in them, and any villages a whole-village programme reaches",
    text = "2018年，石门县在30个乡镇、80个村实施整村推进项目，实现45个贫困村光伏电站全覆盖，帮助解决600多个贫困村的饮水问题。"
      .. "在12个村建立了扶贫车间。2019年，全县96个深度贫困村完成整村搬迁，把需要整体搬迁的40个深度贫困自然村列为重点。\n",
    want = { ["80个"] = "villages 石门县 2018", ["45个"] = "villages 石门县 2018", ["600多个"] = "villages 石门县 2018",
             ["12个"] = "projects 石门县 2018", ["96个"] = "housing 石门县 2019", ["40个"] = "villages 石门县 2019" } },
  { name = "a space between words parts clauses, as in a headline",
    text = "TITLE: 云阳县搬迁贫困人口近3万 深山区脱贫显成效\n\n2019年，云阳县易地扶贫搬迁贫困人口近2.8万 “空壳村”脱贫见成效。\n",
    want = { ["近3万"] = "housing 云阳县 -", ["近2.8万"] = "housing 云阳县 2019" } },
  { name = "purchases, retail and profit are other, money spent on a purchase funds",
    text = "2020年，宁陵县供销社从贫困村采购农产品2.3亿元，扶贫合作社实际盈利36万元，全县贫困村电商网络零售额达4.1亿元。"
      .. "县里投入扶贫资金300万元采购种苗。\n",
    want = { ["2.3亿元"] = "other 宁陵县 2020", ["36万元"] = "other 宁陵县 2020", ["4.1亿元"] = "other 宁陵县 2020",
             ["300万元"] = "funds 宁陵县 2020" } },
  { name = "people on minimum living allowance or in extreme hardship never called poor are other, and so are the monitored as a group",
    text = "截至2021年9月底，湖南省共有城市低保对象12.3万人，农村低保对象45.6万人；共有特困人员6.7万人。"
      .. "湖南省通过低保线与扶贫线“两线合一”，惠及30万农村低保对象。2021年8月底，湖南省共将2.1万脱贫不稳定人口、"
      .. "边缘易致贫人口和突发严重困难户纳入低保，占三类人群总数的41.2%。全省脱贫户中，低保人口310人，特困供养人员45人。\n",
    want = { ["12.3万人"] = "other 湖南省 2021", ["45.6万人"] = "other 湖南省 2021", ["6.7万人"] = "other 湖南省 2021",
             ["30万"] = "other 湖南省 2021", ["2.1万"] = "other 湖南省 2021", ["41.2%"] = "other 湖南省 2021",
             ["310人"] = "persons 湖南省 2021", ["45人"] = "persons 湖南省 2021" } },
  { name = "renovation sentences are relevant without a poverty word; works started or finished and their rates are housing, a project's rate projects",
    text = "TITLE: 黔南州农村危房改造工作进展\n\n2019年，黔南州需要消除危房存量8200户。\n"
      .. "2019年，全州重点对象已开工6100户、开工率74.39%，已竣工5400户、竣工率65.85%，已有两县实现农村危房全部清零。\n"
      .. "2019年，全州非重点对象无力改造危房户存量3100户，已开工900户，开工率29.03%。2019年，黔南州扶贫项目开工率92.5%。\n",
    want = { ["8200户"] = "housing 黔南布依族苗族自治州 2019", ["6100户"] = "housing 黔南布依族苗族自治州 2019",
             ["74.39%"] = "housing 黔南布依族苗族自治州 2019", ["5400户"] = "housing 黔南布依族苗族自治州 2019",
             ["900户"] = "housing 黔南布依族苗族自治州 2019", ["29.03%"] = "housing 黔南布依族苗族自治州 2019",
             ["92.5%"] = "projects 黔南布依族苗族自治州 2019" } },
  { name = "officials and professionals beside a count are other unless trained; works named after a count of 项 are projects",
    text = "2019年，南宁市与帮扶城市双方互派党政干部120人次、专业技术人才460人次，开展贫困劳动力培训3.2万人次。"
      .. "南宁市选派教育、卫生等领域35名干部赴贫困县挂职，市教育厅5位厅领导带队督查扶贫工作。"
      .. "南宁市资助3个贫困县建设8项水利工程和2项农田改造项目，组织300名教师参加扶贫培训。\n",
    want = { ["120人次"] = "other 南宁市 2019", ["460人次"] = "other 南宁市 2019", ["3.2万人次"] = "training 南宁市 2019",
             ["35名"] = "other 南宁市 2019", ["5位"] = "other 南宁市 2019", ["8项"] = "projects 南宁市 2019",
             ["2项"] = "projects 南宁市 2019", ["300名"] = "training 南宁市 2019" } },
  { name = "a poor household's yearly return and each household's share of a dividend are income; a village's return other",
    text = "2020年，永新县光伏扶贫电站发电收益让3000多名贫困户年均收益2500元左右，80个贫困村年均收益4万多元。"
      .. "2020年10月，这是永新县茶叶专业合作社的分红款，45户贫困户，每户3200元。2020年，永新县每户补助贫困户危房改造资金1.5万元。\n",
    want = { ["2500元左右"] = "income 永新县 2020", ["4万多元"] = "other 永新县 2020", ["3200元"] = "income 永新县 2020",
             ["1.5万元"] = "funds 永新县 2020" } },
  { name = "a share names its whole first after 的, not inside a later word",
    text = "2019年，平舆县65%的贫困户在非贫困村，80%的扶贫资金用于贫困村。\n",
    want = { ["65%"] = "households 平舆县 2019", ["80%"] = "funds 平舆县 2019" } },
  { name = "cooperatives and associations named beside a count are projects, not villages that set one up nor firms",
    text = "2019年，通江县共有农民专业合作社860家，将210个村办合作社组成18个乡镇联合社，成立扶贫互助协会65个。"
      .. "全县300个贫困村已有120个成立村民合作社，引导45家企业与合作社参与扶贫。\n",
    want = { ["860家"] = "projects 通江县 2019", ["18个"] = "projects 通江县 2019", ["65个"] = "projects 通江县 2019",
             ["120个"] = "villages 通江县 2019", ["45家"] = "other 通江县 2019" } },
  { name = "the poor a programme drives and a share named in its own clause do not take a neighbour's topic",
    text = "2019年，仪陇县培训贫困村创业致富带头人320人，带动贫困人口1.2万人。2019年，仪陇县组织电商扶贫培训15次，惠及贫困人口900余人。"
      .. "2019年，仪陇县贫困村通公路比例为96.5%、通电比例为99%，农户人均住房面积31平方米，农户危房改造率为100%。\n",
    want = { ["320人"] = "training 仪陇县 2019", ["1.2万人"] = "persons 仪陇县 2019", ["900余人"] = "training 仪陇县 2019",
             ["96.5%"] = "other 仪陇县 2019", ["99%"] = "other 仪陇县 2019", ["100%"] = "housing 仪陇县 2019" } },
  { name = "资助 that pays for works is no student aid",
    text = "2019年，蓝田县慈善会资助修建15座便民桥，全县新修建45座；资助贫困学生320名。\n",
    want = { ["15座"] = "other 蓝田县 2019", ["45座"] = "other 蓝田县 2019", ["320名"] = "education 蓝田县 2019" } },
  { name = "a sentence of money put in counts in a poverty article without a poverty word of its own",
    text = "TITLE: 石门县脱贫攻坚成效显著\n\n2018年，石门县减少贫困人口1.2万人，18个贫困村脱贫出列。\n\n"
      .. "2018年，石门县累计投入8.6亿元，修建通组道路1200公里。\n",
    want = { ["8.6亿元"] = "funds 石门县 2018", ["1200公里"] = "other 石门县 2018" } },
  { name = "safe houses (安居房) built or finished are housing",
    text = "2019年，和田县建造抗震安居房120套，1.2万户建档立卡贫困户安居房全部竣工。\n",
    want = { ["120套"] = "housing 和田县 2019", ["1.2万户"] = "housing 和田县 2019" } },
  { name = "the registered poor who left the register are households and persons",
    text = "据介绍，2019年，富源县经动态调整，退出36户、82人，建档立卡贫困人口减少至1500户。"
      .. "富源县2017、2018年退出2100户6900多人，2018年末贫困人口为1800户。\n",
    want = { ["36户"] = "households 富源县 2019", ["82人"] = "persons 富源县 2019",
             ["2100户"] = "households 富源县 2017/2018" } },
  { name = "a figure with no unit takes its noun across an inline pinyin gloss",
    text = "2019年，定西市貧困人口數(shù)量由12.6萬下降到3.1萬，貧困發(fā)生率降至3.2%。\n",
    want = { ["12.6萬"] = "persons 定西市 2019", ["3.1萬"] = "persons 定西市 2019" } },
  { name = "a county's yearly statistics and their changes are no facts; the country residents' income is",
    text = "2018年，定西市地区生产总值完成302亿元，是2010年的2.1倍；第三产业增加值完成121亿元，增长8.1%；"
      .. "公共财政预算收入16亿元，增长9.2%；城镇居民人均可支配收入21500元，农村居民人均可支配收入7300元，全市贫困人口减少到12万人。\n",
    want = { ["302亿元"] = false, ["2.1倍"] = false, ["121亿元"] = false, ["8.1%"] = false, ["16亿元"] = false,
             ["9.2%"] = false, ["21500元"] = false, ["7300元"] = "income 定西市 2018", ["12万人"] = "persons 定西市 2018" } },
}
