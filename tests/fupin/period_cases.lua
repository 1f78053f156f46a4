-- Small documents for tests/fupin_test.lua ("small documents"): what the period
-- rules of scripts/fupin must do, one form per case, figures invented.
-- want: surface -> "kind region period" (- for empty), or false: not a fact.
return {
  { name = "the URL's date is the page's, not a mirror's stray date line above the headline",
    text = "URL: https://m.x.com/10462/10464/10797/2019/11/05/f95b87f9a8604edda880f871f9264a6c.shtml\nTITLE: \n\n2020-03-02\n\n镇雄县易地扶贫搬迁工作纪实\n\n"
      .. "今年以来，镇雄县共搬迁贫困群众2100户。\n",
    want = { ["2100户"] = "housing 镇雄县 2019" } },
  { name = "a day.month.year time line before a dateline without a year",
    text = "URL: http://lz.x.com/xinwen/%E6%B9%98/60672790\nTITLE: \n\n临夏五年减贫36万\n\n\n14.10.2016  08:21\n"
      .. "原标题:临夏五年减贫36万\n\n  本报兰州10月13日电 （记者张三）五年来，临夏州累计减少贫困人口36万人。\n",
    want = { ["36万人"] = "persons 临夏回族自治州 2012/2016" } },
  { name = "截至 a day without a year: no period, and none carried over it",
    text = "URL: http://x.cn/2017/12/01/a.html\n\n今年，定边县扶贫贷款工作取得新进展。"
      .. "截至11月20日，全县发放扶贫小额贷款3100户。截至10月底，全县发放贷款1.2亿元。\n",
    want = { ["3100户"] = "other 定边县 -", ["1.2亿元"] = "funds 定边县 2017" } },
  { name = "a share's base year (占2019年末…的N%) is not the time of the sentence",
    text = "URL: http://x.cn/2021/03/05/a.html\n\n2020年末，大姚县未脱贫人口1200户4300人，占2019年末贫困人口的35%，"
      .. "占全县2014年末农业人口的1.1%；全年脱贫800户2900人。\n",
    want = { ["4300人"] = "persons 大姚县 2020", ["35%"] = "persons 大姚县 2020", ["1.1%"] = "persons 大姚县 2020",
             ["800户"] = "households 大姚县 2020" } },
  { name = "a year's end written without 年 (到2018底)",
    text = "URL: http://x.cn/2019/05/10/a.html\n\n到2018底，织金县还有贫困人口1.85万人，全县贫困发生率1.9%。\n",
    want = { ["1.85万人"] = "persons 织金县 2018", ["1.9%"] = "other 织金县 2018" } },
  { name = "X年起 runs to the document's year, as X年以来",
    text = "URL: http://x.cn/2020/11/20/a.html\n\n2017年起，岚皋县陆续实施易地扶贫搬迁，累计搬迁贫困户5600户。\n",
    want = { ["5600户"] = "housing 岚皋县 2017/2020" } },
  { name = "X年以来 in an undated text that writes a later year: no end known, no period",
    text = "TITLE: 岚皋县产业扶贫\n\n2017年以来，岚皋县累计投入产业扶贫资金2.4亿元。岚皋县计划到2021年建成茶园10万亩。\n",
    want = { ["2.4亿元"] = "funds 岚皋县 -" } },
  { name = "一年来 is the report's year, and frames the sentences after it",
    text = "URL: http://x.cn/2022/03/01/a.html\n\n一年来，全国各地持续巩固拓展脱贫攻坚成果。"
      .. "全国累计消除返贫风险的监测对象超过60%，新建帮扶车间320个。\n",
    want = { ["320个"] = "projects 全国 2022" } },
  { name = "年初以来 is the report's year; 明年底 the year after it",
    text = "URL: http://x.cn/2019/06/12/a.html\n\n年初以来，紫阳县为贫困户发放扶贫小额信贷1.3亿元。"
      .. "紫阳县计划到明年底建成社区工厂40个。\n",
    want = { ["1.3亿元"] = "funds 紫阳县 2019", ["40个"] = "projects 紫阳县 2020" } },
  { name = "a count of years before the date it ends at (经过5年努力,到今年底)",
    text = "URL: http://x.cn/2020/09/15/a.html\n\n经过5年努力，到今年底，广元市将累计减少贫困人口52万人。\n",
    want = { ["52万人"] = "persons 广元市 2016/2020" } },
  { name = "十八大以来,到2020年底 in an undated text: the congress to the date",
    text = "TITLE: 减贫成就\n\n党的十八大以来，到2020年底，全国累计建成扶贫车间3.2万个。\n",
    want = { ["3.2万个"] = "projects 全国 2012/2020" } },
  { name = "a sentence on a day without a year takes no year from the one before",
    text = "URL: http://x.cn/2018/12/20/a.html\n\n今年，镇巴县实施产业扶贫项目120个。"
      .. "12月5日，镇巴县向贫困户发放产业奖补资金300万元。\n",
    want = { ["120个"] = "projects 镇巴县 2018", ["300万元"] = "funds 镇巴县 -" } },
  { name = "a start year and a plan of N years (2017年起…用3年时间): the plan's years",
    text = "URL: http://x.cn/2021/04/02/a.html\n\n安康市2017年起开展新一轮移民搬迁，计划用3年时间搬迁贫困群众2.1万户。\n",
    want = { ["2.1万户"] = "housing 安康市 2017/2019" } },
  { name = "a comparison's base governs its change, not a later clause that states none",
    text = "URL: http://x.cn/2020/12/08/a.html\n\n2020年，东部帮扶城市向凉山州投入财政援助资金12.6亿元，较2017年增长9.2亿元，"
      .. "实施扶贫协作项目880个。\n",
    want = { ["880个"] = "projects 凉山彝族自治州 2020" } },
  { name = "全年 with no year in its paragraph: the year stated before it in the article",
    text = "TITLE: 施甸县防返贫监测工作通报\n\n一、总体情况。2021年末，施甸县累计识别监测对象860户3100人。\n\n"
      .. "二、排查情况。按照早发现早帮扶的要求，全年开展集中排查4次，新增识别监测对象210户。\n",
    want = { ["4次"] = "other 施甸县 2021" } },
  { name = "a paragraph that goes on with the report (发布会通报,…) keeps the year of the one before",
    text = "URL: http://x.cn/2020/05/20/a.html\n\n据介绍，2019年全区实现8.2万人脱贫。\n\n"
      .. "发布会通报，全区贫困群众住房安全有保障，基本医疗保险参保率达到99%以上。\n",
    want = { ["8.2万人"] = "persons - 2019", ["99%以上"] = "health - 2019" } },
  { name = "a rate of reduction (减贫幅度) under a count of years is over the years, not a level reached",
    text = "URL: http://x.cn/2019/11/02/a.html\n\n两年来，商南县累计脱贫1.6万人，减贫幅度达到70%以上。\n",
    want = { ["1.6万人"] = "persons 商南县 2018/2019", ["70%以上"] = "persons 商南县 2018/2019" } },
  { name = "a forecast's year (预计2019年底可实现) is no time of the sentences after it",
    text = "URL: http://x.cn/2018/08/06/a.html\n\n今年，岑溪市投入扶贫资金1.2亿元，预计2019年底可实现所有30户以上自然村通路。"
      .. "岑溪市累计解决饮水困难贫困人口8万多人。\n",
    want = { ["1.2亿元"] = "funds 岑溪市 2018", ["8万多人"] = "persons 岑溪市 -" } },
  { name = "a level reached after a count of years anchored at a year is at that year",
    text = "TITLE: 永胜县扶贫开发\n\n永胜县贫困人口从2012年的6.2万人减少至2015年的2.9万人，4年来共减少3.3万人，"
      .. "贫困发生率从19.5%降到9.1%。\n",
    want = { ["3.3万人"] = "persons 永胜县 2012/2015", ["19.5%"] = "other 永胜县 2012", ["9.1%"] = "other 永胜县 2015" } },
  { name = "a verb between the start year and its 以来 (2015年精准识别以来): up to the document's year",
    text = "URL: http://x.cn/2019/10/16/a.html\n\n据介绍，2015年精准识别以来，云岭省共有38个贫困县摘帽、4100个贫困村出列。\n",
    want = { ["4100个"] = "villages - 2015/2019" } },
  { name = "from-to pairs: a start named without its year, the governing date past a first pair's base, a change over the pair",
    text = "URL: http://x.cn/2020/04/30/a.html\n\n统计显示，云岭省贫困人口由2014年建档立卡时的320万人降至2019年底的6.1万人，"
      .. "贫困发生率由建档立卡时的8.4%降至2019年底的0.15%，年均下降1.65个百分点。\n\n"
      .. "截至2019年末，云岭省农村贫困人口从2013年末的510万人减少至42万人，累计减少468万人；"
      .. "贫困发生率从2013年末的12.6%下降至1.1%，累计下降11.5个百分点。\n",
    want = { ["8.4%"] = "other - 2014", ["1.65个百分点"] = "other - 2014/2019", ["468万人"] = "persons - 2013/2019",
             ["1.1%"] = "other - 2019", ["11.5个百分点"] = "other - 2013/2019" } },
  { name = "自X年至今 runs from the year to the document's",
    text = "URL: http://x.cn/2019/06/01/a.html\n\n自2015年至今，东山集团共投入帮扶资金3200万元，援建扶贫车间8个。\n",
    want = { ["3200万元"] = "funds - 2015/2019", ["8个"] = "projects - 2015/2019" } },
  { name = "从X年开始 as 以来: up to the document's year",
    text = "URL: http://x.cn/2019/06/01/a.html\n\n村支书介绍，从2016年开始，该村与85户贫困户签订订单收购协议。\n",
    want = { ["85户"] = "households - 2016/2019" } },
  { name = "a start year and 未来N年: the plan's years",
    text = "URL: http://x.cn/2019/06/01/a.html\n\n从2019年起，未来3年，东山市将再投入扶贫协作资金6亿元。\n",
    want = { ["6亿元"] = "funds - 2019/2021" } },
  { name = "a year's change told without figures frames the breakdown after it",
    text = "URL: http://x.cn/2019/03/01/a.html\n\n分片区看，2018年全县东、西片区农村贫困人口全面减少。"
      .. "东片区农村贫困人口1800人，比上年减少1200人；西片区农村贫困人口900人，比上年减少800人。\n",
    want = { ["1800人"] = "persons - 2018", ["800人"] = "persons - 2018" } },
  { name = "与X年…相比: the clause after it is the change since the base; later clauses are the sentence's year",
    text = "URL: http://x.cn/2018/03/01/a.html\n\n截至2017年底，云岭县共有建档立卡贫困村31个，贫困人口8200户。"
      .. "与2014年建档立卡时相比，脱贫人口6100户、1.9万人，未脱贫人口仅剩320户、780人，贫困发生率由2014年的14.2%降至0.52%。\n",
    want = { ["6100户"] = "households - 2014/2017", ["320户"] = "households - 2017", ["14.2%"] = "other - 2014",
             ["0.52%"] = "other - 2017" } },
  { name = "a headline's span or year ahead does not govern the body; a year it reports on does",
    text = "URL: http://x.cn/2016/01/20/a.html\nTITLE: 云岭县“十三五”期间减少贫困人口5.2万人\n\n云岭县“十三五”期间减少贫困人口5.2万人\n\n"
      .. "云岭县建成扶贫车间40个，带动贫困群众就业1300人。\n",
    want = { ["40个"] = "projects - -" } },
  { name = "a headline's 今年将 (a year ahead) does not govern the body, only the headline's own figure",
    text = "URL: http://x.cn/2017/01/16/a.html\nTITLE: 云岭县3万多贫困人口今年将基本脱贫\n\n云岭县3万多贫困人口今年将基本脱贫\n\n"
      .. "云岭县扶贫办介绍，全县有贫困村120个，占行政村总数的31%。\n",
    want = { ["3万多"] = "persons - 2017", ["120个"] = "villages - -" } },
  { name = "a headline's year reported on (过去一年) governs the body",
    text = "URL: http://x.cn/2019/02/15/a.html\nTITLE: 过去一年云岭县做了这些事\n\n过去一年云岭县做了这些事\n\n"
      .. "云岭县新建扶贫车间26个，带动贫困群众就业900人。\n",
    want = { ["26个"] = "projects - 2018" } },
  { name = "a page's stamp (时间:2019-12-26 作者:…) is no time of the figures its long line runs into",
    text = "URL: http://x.cn/news/1234.html\nTITLE: 云岭县全面完成年度脱贫任务\n\n云岭县全面完成年度脱贫任务\n\n"
      .. "某某农业网     时间:2019-12-26     作者:佚名     来源:云岭日报\n\n2.1万人脱贫 60个贫困村退出\n",
    want = { ["2.1万人"] = "persons - -", ["60个"] = "villages - -" } },
  { name = "a 比 base one year before the year the sentence is about (去年, or carried) is that year's change",
    text = "URL: http://x.cn/2019/01/20/a.html\n\n去年，云岭县贫困户人均纯收入达到6200元，比2017年增长14%。"
      .. "全县贫困劳动力外出务工1.3万人，比2017年增长6.2%。\n",
    want = { ["14%"] = "income - 2018", ["6.2%"] = "jobs - 2018" } },
  { name = "a blank between 从 and the figure (从 12.4%下降到3.1%) still makes it the start",
    text = "URL: http://x.cn/2018/12/11/a.html\n\n云岭县贫困人口从2014年的3.2万人下降到2017年的0.9万人，贫困发生率从 12.4%下降到3.1%。\n",
    want = { ["12.4%"] = "other - 2014", ["3.1%"] = "other - 2017" } },
  { name = "近日/日前 (a day without a year) gives no period and carries none over it; a span before it stands",
    text = "URL: http://x.cn/2019/04/08/a.html\n\n2018年，云岭县脱贫1200户4300人。"
      .. "近日，记者在云岭县召开的现场会上获悉，全县贫困发生率已降至0.8%。"
      .. "“十三五”期间，云岭县加大易地扶贫搬迁力度，日前，全县搬迁的2600户全部入住。\n",
    want = { ["1200户"] = "households - 2018", ["0.8%"] = "other - -", ["2600户"] = "housing - 2016/2020" } },
  { name = "a headline's end of a count (至2018年底,…累计…) does not govern the body; its own figure takes it",
    text = "URL: http://x.cn/2019/03/12/a.html\nTITLE: 至2018年底云岭县累计3.1万人脱贫\n\n至2018年底云岭县累计3.1万人脱贫\n\n"
      .. "云岭县每年安排产业扶贫资金8000万元，新建扶贫车间45个。\n",
    want = { ["3.1万人"] = "persons - 2018", ["45个"] = "projects - -" } },
  { name = "从X年起 in an undated text has no end even when X is the last year written (X年以来 there is X)",
    text = "TITLE: 云岭县村级发展资金\n\n从2018年起，云岭县财政每年给每个贫困村安排发展资金50万元，累计投入1.6亿元。\n",
    want = { ["50万元"] = "funds - -", ["1.6亿元"] = "funds - -" } },
  { name = "X年以来 in an undated text where X is the last year written, and reported on as a year too: X",
    text = "TITLE: 云岭县光伏扶贫\n\n2019年以来，云岭县新建村级光伏电站35座。2019年，云岭县光伏收益分红420万元。\n",
    want = { ["35座"] = "projects - 2019" } },
  { name = "目前 (a status) reaches its ；, not the services counted after it; 截至目前 (a tally) goes on",
    text = "URL: http://x.cn/2020/09/02/a.html\n\n云岭县目前在册贫困户中，低保对象520人；为贫困患者办理门诊慢病登记310人次。"
      .. "截至目前，全县发放扶贫小额信贷1.1亿元；帮助贫困户销售农产品860万元。\n",
    want = { ["520人"] = "persons - 2020", ["310人次"] = "health - -", ["860万元"] = "other - 2020" } },
  { name = "a bracketed note after a figure names that figure's year, not the year of the figures after it",
    text = "URL: http://x.cn/2020/03/18/a.html\n\n2020年云岭县需完成贫困户危房改造3200户（东坪乡410户<2019年提前实施>、"
      .. "西坪乡560户），下达省级扶贫补助资金2600万元。\n",
    want = { ["410户"] = "housing - 2019", ["560户"] = "housing - 2020", ["2600万元"] = "funds - 2020" } },
  { name = "a headline's count of years before 时间 (五年时间减少…) is the last years, as 3年实施…",
    text = "URL: http://x.cn/2019/01/28/a.html\nTITLE: 云岭县五年时间贫困人口减少4.2万人\n\n云岭县五年时间贫困人口减少4.2万人\n\n"
      .. "云岭县扶贫办介绍，全县贫困发生率降至1.2%。\n",
    want = { ["4.2万人"] = "persons - 2015/2019", ["1.2%"] = "other - -" } },
  { name = "a from-to pair spans only the change in the figure's own clause, not what remains at its end",
    text = "URL: http://x.cn/2020/01/15/a.html\n\n2019年，云岭县贫困人口由2014年的3.2万人减少至2019年底的0.2万人，"
      .. "贫困发生率由15.1%下降到0.9%，剩余的28个贫困村全部出列，年均减少0.6万人。\n",
    want = { ["28个"] = "villages - 2019", ["0.6万人"] = "other - 2014/2019" } },
  { name = "a second comparison with the same base year ends at the sentence's year, not the page's",
    text = "URL: http://x.cn/2020/04/15/a.html\n\n2019年，云岭县农民人均可支配收入9800元，较2016年增长35%，"
      .. "贫困发生率较2016年下降了6.2个百分点。\n",
    want = { ["35%"] = "income - 2016/2019", ["6.2个百分点"] = "other - 2016/2019" } },
  { name = "a 较/比 base year does not reach past a ；, even to a later change",
    text = "URL: http://x.cn/2019/03/15/a.html\n\n2018年，云岭县农民人均可支配收入9100元，较2015年增长38%；"
      .. "贫困户人均收入增幅高于全县平均水平3个百分点。\n",
    want = { ["38%"] = "income - 2015/2018", ["3个百分点"] = "income - 2018" } },
  { name = "a start the passage runs from (…以来) frames the sentences after it, figures or not in its own",
    text = "URL: http://x.cn/2019/04/02/a.html\n\n自2016年3月18日县交通局扶贫工作队进驻岚皋县石门村以来，工作队坚持规划先行，"
      .. "扎实推进脱贫攻坚基础设施建设。修建通组公路8公里，新建蓄水池12口。同时，帮助贫困户发展茶叶产业200亩。\n",
    want = { ["12口"] = "other 岚皋县石门村 2016/2019", ["200亩"] = "other 岚皋县石门村 2016/2019" } },
  { name = "the year of a document named after it (按照2017年出台的《…》) is no time of the sentence",
    text = "URL: http://x.cn/2019/08/20/a.html\n\n2019年，岚皋县投入产业扶贫资金1200万元。按照2017年出台的《岚皋县产业扶贫奖补办法》，"
      .. "对发展产业的贫困户给予奖补，贫困户户均增收2000元。\n",
    want = { ["2000元"] = "income 岚皋县 2019" } },
  { name = "a tally's date (截至…) does not date an undated page",
    text = "TITLE: \n\n近两年，岚皋县积极探索产业扶贫新路径，帮助贫困户发展茶叶产业，带动贫困户1200户。\n\n"
      .. "截至2017年12月31日，岚皋县已建成村级光伏扶贫电站38个，总装机容量达到12兆瓦，"
      .. "电站收益主要用于村集体公益事业和贫困户分红。\n",
    want = { ["38个"] = "projects 岚皋县 2017", ["1200户"] = "households 岚皋县 -" } },
  { name = "the year of the event a news lead was learnt at dates an undated page",
    text = "TITLE: \n\n记者从2020年岚皋县脱贫攻坚总结会上获悉，2016年以来，岚皋县累计投入扶贫资金9.5亿元。\n",
    want = { ["9.5亿元"] = "funds 岚皋县 2016/2020" } },
  { name = "the contiguous poor areas counted as a class have no year, not even the headline's",
    text = "URL: http://x.cn/2019/02/10/a.html\nTITLE: 甘肃：2018年减少贫困人口60万\n\n"
      .. "甘肃是全国脱贫攻坚主战场之一，全国14个集中连片特困地区，甘肃就涉及3个。\n",
    want = { ["14个"] = "other 全国 -" } },
  { name = "a multiple of last year (是去年的N倍) is this year's: 去年 is its base",
    text = "URL: http://x.cn/2018/11/20/a.html\nTITLE: 协作资金大幅增加\n\n今年，浙江省投入东西部扶贫协作资金6.2亿元，是去年的1.8倍，助力贫困群众脱贫。\n",
    want = { ["6.2亿元"] = "funds 浙江省 2018", ["1.8倍"] = "funds 浙江省 2018" } },
  { name = "去年以来 runs from last year to the report's year, as X年以来 does",
    text = "URL: http://x.cn/2022/02/17/a.html\nTITLE: 劳务协作持续深化\n\n去年以来，全省援建帮扶车间211个，带动脱贫人口3200人。\n",
    want = { ["211个"] = "projects - 2021/2022", ["3200人"] = "persons - 2021/2022" } },
  { name = "a tally's year (截至…) carries to the stock after it, not to a plan (将…)",
    text = "URL: http://x.cn/2016/3/a.html\nTITLE: 全省贫困人口数据\n\n截至2015年底，全省共有建档立卡贫困人口96万人。"
      .. "省里提出，将通过发展产业实现40万人左右脱贫。\n",
    want = { ["96万人"] = "persons - 2015", ["40万人左右"] = "persons - -" } },
  { name = "近年来 states no span: no period, none carried over it, not the headline's year",
    text = "URL: http://x.cn/2019/06/12/a.html\nTITLE: 岚皋县2019年产业扶贫现场会召开\n\n"
      .. "近年来，岚皋县累计投入产业扶贫资金3.6亿元，扶持贫困户发展茶叶。全县建成扶贫车间26个。\n"
      .. "近几年，岚皋县累计培训贫困劳动力5400人次。\n",
    want = { ["3.6亿元"] = "funds 岚皋县 -", ["26个"] = "projects 岚皋县 -", ["5400人次"] = "training 岚皋县 -" } },
  { name = "an undated page is of the year of the meeting its lead tells of on its day",
    text = "URL: http://m.x.com/articles/view/1234.html\nTITLE: 安康2020年产业扶贫现场会召开\n\n"
      .. "本报安康5月9日电 记者张三报道：9日，安康2020年产业扶贫现场会在安康市召开。"
      .. "2016年以来，安康累计退出贫困村860个。截至目前，全市建成扶贫车间310个。\n",
    want = { ["860个"] = "villages 安康市 2016/2020", ["310个"] = "projects 安康市 2020" } },
  { name = "a year of a rate's own (2015年贫困发生率达N%) is no time of the counts after it",
    text = "URL: http://x.cn/2019/07/02/a.html\nTITLE: 洞河镇产业扶贫见成效\n\n"
      .. "洞河镇是紫阳县的深度贫困镇，2015年贫困发生率达41.2%。为确保如期脱贫，洞河镇先后组建产业合作社9个，"
      .. "带动贫困户320户。\n",
    want = { ["41.2%"] = "other 紫阳县洞河镇 2015", ["9个"] = "projects 紫阳县洞河镇 -", ["320户"] = "households 紫阳县洞河镇 -" } },
  { name = "a year that opens its sentence goes on after the rate it states (2018年，…降至N%。…)",
    text = "URL: http://x.cn/2019/07/02/a.html\nTITLE: 洞河镇产业扶贫见成效\n\n"
      .. "2018年，紫阳县洞河镇贫困发生率降至2.1%。全镇新建扶贫车间6个，带动贫困户150户。\n",
    want = { ["6个"] = "projects 紫阳县洞河镇 2018", ["150户"] = "households 紫阳县洞河镇 2018" } },
  { name = "a year a sentence names as the passage's (2019年是…决战之年。) governs what follows",
    text = "URL: http://x.cn/2020/01/05/a.html\nTITLE: \n\n2019年是紫阳县脱贫攻坚的决战之年。全县上下攻坚克难，完成2.1万人、56个贫困村脱贫退出任务。\n",
    want = { ["2.1万人"] = "persons 紫阳县 2019", ["56个"] = "villages 紫阳县 2019" } },
  { name = "a paragraph that ends naming its year (2018年是…最繁重的一年,…。) governs the next",
    text = "URL: http://x.cn/2019/03/05/a.html\nTITLE: \n\n县扶贫局负责人说，2018年是岚皋县任务最繁重的一年，全县上下合力攻坚。\n\n"
      .. "经第三方评估，岚皋县贫困村退出38个。\n",
    want = { ["38个"] = "villages 岚皋县 2018" } },
  { name = "N年以来 in an undated text whose last year it is, never written as a year reported on: no period",
    text = "TITLE: 岚皋县扶贫工作\n\n2017年以来，岚皋县累计投入扶贫资金8.6亿元，减少贫困人口2.3万人。\n",
    want = { ["8.6亿元"] = "funds 岚皋县 -", ["2.3万人"] = "persons 岚皋县 -" } },
  { name = "N年以来 in an undated text that reports on that year too (2019年,…) is that year",
    text = "TITLE: 岚皋县扶贫工作\n\n2019年以来，岚皋县召开扶贫领导小组会议9次。\n\n2019年，岚皋县新建扶贫车间12个。\n",
    want = { ["9次"] = "other 岚皋县 2019", ["12个"] = "projects 岚皋县 2019" } },
  { name = "a start year read through inline glosses before its 以来 (2016年脫貧攻堅(jiān)戰(zhàn)以來)",
    text = "URL: http://x.cn/2020/06/01/a.html\nTITLE: \n\n浙江自1996年起幫扶四川，2016年脫貧攻堅(jiān)戰(zhàn)以來(lái)累計選派干部120名赴四川掛職。\n",
    want = { ["120名"] = "other 四川省 2016/2020" } },
  { name = "a remaining stock a plan lays out by years from one before the page's date is at that first year; a base after it is not one",
    text = "URL: http://x.cn/2019/03/03/a.html\nTITLE: \n\n到2020年，全省贫困人口全部脱贫。瞄准全省剩余的32.5万贫困人口、820个贫困村，"
      .. "2018年实现全省18万人脱贫、600个贫困村退出；2019年对剩余的14.5万贫困人口进行扫尾。目前全省剩余贫困人口9.6万人，比2017年减少22.9万人。\n",
    want = { ["32.5万"] = "persons - 2018", ["820个"] = "villages - 2018", ["14.5万"] = "persons - 2019",
             ["9.6万人"] = "persons - 2019" } },
  { name = "a table's header year governs its rows (省份 | 2019年减贫目标 |)",
    text = "URL: http://x.cn/n1/2019/0301/a.html\nTITLE: \n\n省份 | 2019年减贫目标 |\n云南 | 确保8.5万贫困人口脱贫 |\n"
      .. "贵州 | 减少农村贫困人口6万人 |\n\n人民网北京3月1日电 近日，各省两会结束，多个省份提出了年内脱贫目标。\n",
    want = { ["8.5万"] = "persons 云南省 2019", ["6万人"] = "persons 贵州省 2019" } },
  { name = "目前's time goes on past a ； into a piece that tallies on (…;累计选派…)",
    text = "URL: http://x.cn/2021/01/05/a.html\nTITLE: 协作帮扶\n\n"
      .. "目前,江苏已向陕西累计投入帮扶资金41.3亿元,实施帮扶项目2600个;累计选派挂职干部560名,专业技术人才2800名。\n",
    want = { ["2600个"] = "projects 陕西省 2021", ["560名"] = "other 陕西省 2021", ["2800名"] = "other 陕西省 2021" } },
  { name = "“十三五”以来 runs from the plan's start to the report's year; undated, no end known, no period",
    text = "URL: http://x.cn/2019/04/02/a.html\nTITLE: 丽水扶贫\n\n“十三五”以来,丽水市低收入农户人均可支配收入年均增长12%以上。\n",
    want = { ["12%以上"] = "income 丽水市 2016/2019" } },
  { name = "“十三五”以来 in an undated text: no period, not the year of the piece before it",
    text = "TITLE: 丽水扶贫\n\n2018年,丽水市低收入农户人均可支配收入达到10500元;“十三五”以来,丽水市低收入农户人均可支配收入年均增长12%以上。\n",
    want = { ["10500元"] = "income 丽水市 2018", ["12%以上"] = "income 丽水市 -" } },
  { name = "a from-to change whose clause counts its years (5年时间减少了, 连续5年) spans those years up to the later one",
    text = "URL: http://x.cn/2019/03/10/a.html\nTITLE: 减贫成效\n\n"
      .. "全省贫困人口从2013年的412万人减少到2018年的58万人,5年时间减少了350多万人,连续5年每年减贫70万人以上。\n",
    want = { ["412万人"] = "persons - 2013", ["58万人"] = "persons - 2018", ["350多万人"] = "persons - 2014/2018",
             ["70万人以上"] = "persons - 2014/2018" } },
  { name = "N年内 with nothing done in its clause is the years ahead (3年内…全脱贫); with a change done (累计减少) the years gone by",
    text = "URL: http://x.cn/2018/06/12/a.html\nTITLE: 吉林3年内15万贫困人口全脱贫\n\n吉林3年内15万贫困人口全脱贫\n\n"
      .. "据统计,吉林3年内累计减少贫困人口42万人。\n",
    want = { ["15万"] = "persons 吉林省 2018/2020", ["42万人"] = "persons 吉林省 2016/2018" } },
  { name = "a year after 在 later in the figure's own clause, none before it (至少18个省份在2018年工作总结中…)",
    text = "URL: http://x.cn/2019/03/01/a.html\nTITLE: \n\n"
      .. "近日,各省两会全部结束。梳理各省政府工作报告,至少18个省份在2018年工作总结中报告了脱贫人口数。\n",
    want = { ["至少18个"] = "other 全国 2018" } },
  { name = "a year inside a description of the subject (是浙江2018年引进…的第一家企业) does not date a later clause's figure",
    text = "URL: http://x.cn/2020/12/20/a.html\nTITLE: 协作帮扶显成效\n\n"
      .. "这家位于曲靖市会泽县的服装厂,是浙江2018年引进会泽的第一家帮扶企业,带动贫困群众就业120人。\n",
    want = { ["120人"] = "jobs 会泽县 -" } },
  { name = "a work report's year named with a comma (2018年,是…极不平凡的一年) carries to the figures after it",
    text = "URL: http://x.cn/a/8812.html\nTITLE: \n\n镇安县人民政府工作报告\n发布时间 2021-03-02 10:12:40\n"
      .. "一、2020年工作回顾 2020年,是镇安县发展史上极为特殊、极不平凡的一年。全县上下迎难而上,攻坚克难。"
      .. "全县地方财政收入2.1亿元;农村居民人均可支配收入增长8.6%。\n",
    want = { ["8.6%"] = "income 镇安县 2020" } },
  { name = "一年来 after the year named as the passage's (2017年,是…的一年。一年来,…) is that year, not the copy's date",
    text = "URL: http://x.cn/a/5521.html\nTITLE: \n\n汝阳县人民政府工作报告\n发布时间 2020-08-14 09:30:02\n"
      .. "一、2017年工作回顾 2017年,是汝阳县脱贫攻坚取得重大进展的一年。一年来,县政府团结带领全县人民真抓实干。"
      .. "一年来,我们始终把脱贫攻坚作为头等大事。脱贫成效明显。43个贫困村退出,6120户、21300人稳定脱贫。\n",
    want = { ["43个"] = "villages 汝阳县 2017", ["6120户"] = "households 汝阳县 2017", ["21300人"] = "persons 汝阳县 2017" } },
  { name = "一年来 at a press conference in a later paragraph than the year named (2021年是…第一年。⏎一年来,…) is the report's",
    text = "URL: http://x.cn/2022/03/01/a.html\nTITLE: \n\n2021年是巩固拓展脱贫攻坚成果的第一年。\n\n"
      .. "他在发布会上表示,一年来,各地持续巩固脱贫成果。全国新建帮扶车间420个。\n",
    want = { ["420个"] = "projects 全国 2022" } },
  { name = "a start named by an event with no year (脱贫攻坚战打响以来,…) gives no period, and carries none over it",
    text = "URL: http://x.cn/a/3301.html\nTITLE: \n\n镇坪县政府工作报告\n发布时间 2021-05-10 08:00:00\n"
      .. "2019年,是镇坪县极不平凡的一年。全县农村居民人均可支配收入增长9.1%。脱贫攻坚战打响以来,全县累计投入扶贫资金38亿元,"
      .. "贫困人口由2.6万户8.1万人减至620户1500人。\n",
    want = { ["9.1%"] = "income 镇坪县 2019", ["38亿元"] = "funds 镇坪县 -", ["1500人"] = "persons 镇坪县 -" } },
  { name = "an event start (自…结对帮扶…以来) yields to a year written later in its sentence (仅2019年…)",
    text = "URL: http://x.cn/2020/03/01/a.html\nTITLE: \n\n自苏州市结对帮扶铜仁市以来,双方持续深化协作,仅2019年苏州就向铜仁投入帮扶资金4.2亿元。\n",
    want = { ["4.2亿元"] = "funds 铜仁市 2019" } },
  { name = "a standing count of poor counties (有N个贫困县, 被列为…贫困县) takes no year from the sentence before",
    text = "URL: http://x.cn/2020/01/20/a.html\nTITLE: \n\n"
      .. "2014年,宁夏共识别贫困人口58万人,贫困发生率为14.5%。全区22个县区有9个贫困县,其中7个县区被列为六盘山片区贫困县,"
      .. "还有2个插花贫困县。2019年,宁夏剩余的3个贫困县全部摘帽。\n",
    want = { ["58万人"] = "persons 宁夏回族自治区 2014", ["9个"] = "other 宁夏回族自治区 -", ["7个"] = "other 宁夏回族自治区 -",
             ["2个"] = "other 宁夏回族自治区 -", ["3个"] = "other 宁夏回族自治区 2019" } },
  { name = "a count of poor counties that changes (…。全省有12个贫困县摘帽) keeps the year carried",
    text = "URL: http://x.cn/2020/01/20/a.html\nTITLE: \n\n2018年,贵州减少农村贫困人口148万人。全省有18个贫困县摘帽。\n",
    want = { ["18个"] = "other 贵州省 2018" } },
  { name = "a plan's first and last years (从“十二五”初的…降至“十二五”末的…) are point years",
    text = "URL: http://x.cn/2016/02/01/a.html\nTITLE: \n\n"
      .. "湖南省贫困人口从“十二五”初的909万人,减少到“十二五”末的465万人;贫困县减少到‘十三五’末的0个。\n",
    want = { ["909万人"] = "persons 湖南省 2011", ["465万人"] = "persons 湖南省 2015" } },
  { name = "a from-to of no year right after one that names both ends takes the same ends",
    text = "URL: http://x.cn/2019/02/01/a.html\nTITLE: \n\n"
      .. "广西贫困人口从2015年末的452万人减少至2018年末的140万人,累计减少312万人。贫困发生率由10.5%降低到3.7%,降低了6.8个百分点。\n",
    want = { ["10.5%"] = "other 广西壮族自治区 2015", ["3.7%"] = "other 广西壮族自治区 2018",
             ["6.8个百分点"] = "other 广西壮族自治区 2015/2018" } },
  { name = "a from-to of no year after a sentence with one year only keeps what it carried",
    text = "URL: http://x.cn/2019/02/01/a.html\nTITLE: \n\n"
      .. "2018年,广西减少贫困人口116万人。贫困发生率由5.7%降低到3.7%。\n",
    want = { ["5.7%"] = "other 广西壮族自治区 2018", ["3.7%"] = "other 广西壮族自治区 2018" } },
  { name = "blanks between figures and words (截至 2019 年末,…从2014 年末的 7017 万人减少至…) read as if not there",
    text = "URL: http://x.cn/2020/01/24/a.html\nTITLE: \n\n"
      .. "截至 2019 年末,全国农村贫困人口从2014 年末的 7017 万人减少至 551 万人,累计减少 6466 万人;"
      .. "贫困发生率从 2014年的 7.2%下降至 0.6%,累计下降 6.6 个百分点。\n",
    want = { ["7017 万人"] = "persons 全国 2014", ["551 万人"] = "persons 全国 2019", ["6466 万人"] = "persons 全国 2014/2019",
             ["7.2%"] = "other 全国 2014", ["0.6%"] = "other 全国 2019", ["6.6 个百分点"] = "other 全国 2014/2019" } },
  { name = "a year's programme or meeting named in a sentence with no figure (召开2019年…推进会。…) frames the sentences after it",
    text = "TITLE: 普定县脱贫攻坚\n\n"
      .. "5月8日,普定县召开2019年易地扶贫搬迁后续扶持推进会。会议通报,全县新建扶贫车间26个,吸纳搬迁群众就业1300人。\n\n"
      .. "谈到2020年产业扶贫工作时,县长指出,要把资金用在刀刃上。全县计划整合涉农资金2.6亿元。\n",
    want = { ["26个"] = "projects 普定县 2019", ["1300人"] = "jobs 普定县 2019", ["2.6亿元"] = "funds 普定县 2020" } },
  { name = "a facility counted, then dated by its completion later in its sentence (…电站,并于2018年11月全部并网发电)",
    text = "TITLE: 光伏扶贫\n\n"
      .. "为壮大村集体经济,静乐县投资1.6亿元,建成23座村级光伏电站,带动贫困村41个,并于2018年11月全部并网发电。\n",
    want = { ["1.6亿元"] = "funds 静乐县 2018", ["23座"] = "projects 静乐县 2018", ["41个"] = "villages 静乐县 2018" } },
  { name = "an undated page whose lead tells of a year's programme issued in the last days (日前,…印发了《2019年…方案》) is of that year",
    text = "TITLE: 毕节市脱贫攻坚\n\n"
      .. "日前,毕节市政府办公室印发了《2019年毕节市脱贫攻坚工作实施方案》,要求今年全市减少贫困人口12.6万人,统筹扶贫资金30亿元。\n",
    want = { ["12.6万人"] = "persons 毕节市 2019", ["30亿元"] = "funds 毕节市 2019" } },
}
