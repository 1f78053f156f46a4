-- Figures: every quantity assay.cn finds in a relevant article becomes an
-- indicator fact unless it is not one (a duration, an age, a threshold, a
-- listing count in Chinese numerals, a figure in a sentence that is not
-- about poverty).  Its kind comes from the words around it (KINDS below).
-- _region.lua and _period.lua say where and when.
local L = include "_lib.lua"
local R = include "_region.lua"
local period_of = include "_period.lua"
local measure = include "_measure.lua"

-- Deciding the kind.  Tried in order; the first entry whose unit fits and
-- whose words occur decides.  TOPICS look at the figure's own clause, then
-- at the clauses beside it in the same sentence (累计投入资金3.4亿元,为22093户
-- ...住房进行了改造: housing); the rest look at the own clause, then the one
-- before.  `after = true` entries look only at the noun after the figure
-- when there is one (596个扶贫工作重点村).
local ANY = nil
-- the training and jobs topics' words, named: other rules read them too
local TRAINING_WORDS = { "培训", "受训", "课时", "致富带头人" }
local WATER_WORDS = { "饮水", "饮用水", "自来水" }
local JOB_WORDS = { "岗位", "公益岗", "专岗", "就业", "务工", "打工", "上岗", "环卫工", "志愿者", "劳务", "从事", "转移",
                    "护林员", "管护员", "保洁员", "选聘" }
local TOPICS = {
  { neighbours = true, "training",  ANY, TRAINING_WORDS },
  { "jobs",      { "人", "人次", "个", "名" }, JOB_WORDS },
  -- and the workers a park or workshop takes on (吸纳脱贫劳动力300人; not 12个车间吸纳…: the workshops)
  { "jobs",      { "人", "名" }, { "吸纳" } },
  { "other",     ANY, { "无障碍", "辅助器具", "残疾人" } },      -- disability aids
  -- water supply, but a count of the poor named right before it is persons (解决饮水困难贫困人口430多万人;
  -- 解决了56万贫困人口饮水安全问题 stays other), past their households (涉及的贫困户3200户6900人)
  { "other",     { "人", "户" }, WATER_WORDS,
    unless = re.compile([[贫困(?:人口|群众|户)(?:[0-9.]+万?[多余]?户)?$]]) },
  { neighbours = true, "education", ANY, { "学生", "助学", "资助", "雨露", "教育", "学费", "学前", "辍学",
                                            "入学率", "文盲" } },
  { "education", { "人", "名" }, { "就读", "在校生" } },    -- (children of poor households in school, not their households)
  { neighbours = true, "health",    ANY, { "医疗", "门诊", "住院", "报销", "患者", "慢性病", "两病", "就医", "精神障碍", "诊疗", "体检", "参保", "新农合", "医保",
                                      "家庭医生", "签约服务", "手术" } },
  { neighbours = true, "housing",   ANY, { "危房", "住房", "房屋", "改造", "居住环境", "硬件设施", "安置房", "安居房" } },
}
-- a village collective's income or gain is an aggregate return (为村集体经济增收4万)
local COLLECTIVE_INCOME = { "集体经济增收", "集体增收", "集体经济收入", "集体收入" }
local MONEY = {
  { "other",  { "元" }, COLLECTIVE_INCOME },
  { "income", { "元", "%", "百分点" }, { "人均", "每人平均", "增收", "纯收入", "可支配收入" } },
  { "funds",  { "元" }, { "发放", "拨付" } },
  -- aggregate returns and turnover are not income (income is per capita)
  { "other",  { "元" }, { "收益", "收入", "营业总额", "交易总额", "营业额", "产值", "交易额", "销售" } },
  { "funds",  { "元", "%" }, { "资金", "投入", "投资", "拿出", "贴息", "补贴", "募集" } },
  -- and so are purchases, retail and profit, unless money is spent on them (采购农产品8亿元, 盈利20万元)
  -- (and 消费扶贫, buying the produce of poor areas: its money is sales, 实现消费扶贫4亿元)
  { "other",  { "元" }, { "采购", "购进", "零售额", "盈利", "利润", "消费扶贫" } },
  { "other",  { "人", "名" }, { "干部", "骨干", "工作人员", "书记", "辅导员", "教师" } },
}
-- relocation (易地扶贫搬迁) and dangerous-housing renovation: their counts
-- of people, households, sites and houses are housing
local HOUSING_UNITS = { ["户"] = true, ["人"] = true, ["个"] = true, ["处"] = true, ["套"] = true,
                        ["座"] = true, ["栋"] = true, ["间"] = true, ["%"] = true }
local RELOCATION = { "搬迁", "易地", "安置", "危房", "危改", "茅草房", "移民", "入住", "搬出", "迁出", "搬入", "搬进", "迁入", "拆除",
                     "迁建", "外迁", "迁至", "乔迁" }
-- a share of ...: 91.2%的贫困人口, 85%的行政村有贫困户
local SHARE_OF = {
  { "funds", "资金" }, { "persons", "贫困人口" }, { "villages", "贫困村" }, { "villages", "行政村" },
  { "households", "贫困户" }, { "persons", "贫困群众" }, { "projects", "项目" },   -- (80%以上的林业重点建设项目)
  { "jobs", "员工" },                                  -- (a firm's staff: 30%的员工来自贫困家庭)
}
-- what a share is of, named before 占
local SHARE_SUBJECT = { { "persons", "人口" }, { "persons", "群众" }, { "households", "贫困户" },
                        { "villages", "贫困村" }, { "funds", "资金" } }
-- a change of the figure before: 减幅达到83%, 增长2.47倍, 是…的2.6倍, 高出全省2.8个百分点
-- (and the poor's rate of reduction: 贫困人口降至7万人,减贫率达到67.6%)
local CHANGE = re.compile([[(?:增长|增加|提高|下降|减少|减幅|降幅|增幅|幅度|增速|降低|年均|是|高于|高出|低于|快于|减贫率)[^，,；;]*$|倍$]])
local MONEY_NOUNS = { "资金", "贷款", "信贷" }
local SPENT_SHARE = re.compile([[^\s*(?:其中)?用于[^，,；;]*(?:比例|比重|占)]])
-- (or the change a clause opens with, right after the figure it is the change of: 从438万降至204万,
-- 减少了234万)
local CHANGE_BARE = re.compile([[^\s*(?:共|累计|净|共计)?(?:减少|增加|下降|降低|提高)了?\s*$]])
local RATE_SUBJECT_END = re.compile([[(?:发生率|满意度|减贫速度)$]])
local RATE_VERB = re.compile([[^\s*(?:比|较|同比|下降|降低|降至|降到|减少|增长|提高|上升|由|从)]])
local LEVEL_ONLY = re.compile([[^(?:国家级|省级|市级|州级|县级|乡级)[、和及]$]])
local LAST_OF_LIST = re.compile([[^(?:[^，,。；;0-9]*[、和及][0-9]+个)+([^，,。；;0-9]+)]])
local COMPARED = re.compile([[^\s*(?:比|较|同比|与)]])
-- the rate or share of what the clause before did (竣工1463个,竣工率97.4%; 退出贫困村30个,累计退出比例达到90%)
local RATE_OF = re.compile([[(\p{Han}{2})(?:率|比例)(?:达到?|为)?$]])
local WORKS_RATE = re.compile([[(?:开工|竣工|完工)率(?:达到?|为)?$]])
-- works started or finished, counted in households (已开工12600户, 已竣工12300户)
local WORKS = { "开工", "竣工", "完工" }
-- a share of the figure before, its subject left out (约占全区贫困人口的1/4,
-- 完成了规划任务的50%)
-- (and its ratio to the year before: 返岗务工102.66万人,为去年务工人数的102.56%)
local SHARE_OF_BEFORE = re.compile([[^(?:约|大约|分别)?占|(?:任务|计划|目标)的(?:[0-9.]+%[和、])?$|^(?:为|是|相当于)(?:上年|去年|同期)[^，,；;]*的$]])
-- shares listed after the wholes they are of (占全部贫困户和贫困人口的19.6%、17.9%)
local SHARES_OF_WHOLES = re.compile([[占([^，,。；;的]{2,30}?)的((?:[0-9.]+%[、和及])*)$]])
local NEXT_SHARE = re.compile([[\G[、和及][0-9.]+%]])
local WHOLES_SEP = re.compile("[和、及与]")
-- a poor population's own change or share: 贫困人口数量比2010年减少一半,
-- 深度贫困地区贫困人口接近一半
local POOR_REACH = re.compile([[(?:贫困人口|贫困群众|贫困户)(?:达到?|为)$]])
local POOR_SUBJECT = { { "persons", "贫困人口" }, { "persons", "贫困群众" }, { "households", "贫困户" } }
-- a share of the poor or of poor villages that came out of poverty (脱贫95%, 出列95%)
local OUTCOME_END = re.compile([[(?:脱贫|出列|退出|摘帽)$]])
local OUTCOME_SUBJECT = { { "persons", "贫困人口" }, { "persons", "贫困群众" }, { "households", "贫困户" },
                          { "villages", "贫困村" } }
local COUNTS = {   -- 个 and friends: by the noun counted
  -- (and a village's groups: 三个村民小组, no villages)
  -- (problems, 问题, unless a thing counted comes first: 12个问题, but 367个…项目存在…等问题)
  { "other",      { "企业", "部门", "指挥部", "区域", "小组" } },
  { "other",      { "问题" }, first = true },
  { "housing",    { "安置点", "安置区", "安置房", "集中安置" } },
  { "education",  { "学位", "学校", "幼儿园", "教学点", "校舍" } },
  { "health",     { "卫生室", "卫生院", "医院", "诊所" } },
  { "projects",   { "项目", "车间", "工厂", "作坊", "园区", "产业园", "示范点", "基地", "养驴场", "工程", "电站",
                    "示范县" } },
  { "villages",   { "村" } },
  { "households", { "贫困户", "户" } },
}
-- units whose figure may take its topic from the clauses beside it
local NEIGHBOUR_UNITS = { ["元"] = true, ["%"] = true, ["人"] = true, ["人次"] = true }
local QUOTES = re.compile("[“”‘’]")
local HAN_SPACE = re.compile([[(?<=\p{Han}) (?=[\p{Han}“《])]])
local TO_LEVEL = L.TO_LEVEL
-- word lists of kind_of and is_indicator (constants: L.has_any makes a
-- list's trie on its first use)
local CLAUSE_SEPS, PIECE_SEPS, LIST_SEP_WORD = L.CLAUSE_SEPS, L.PIECE_SEPS, { "、" }
local SENT_SEPS = { "，", ",", "；", ";", "。" }
local INCOME_WORDS = { "收入", "增收" }
local FUNDED_WORKS = re.compile([[资助(?=\p{Han}{0,8}?(?:修建|建设|新建|建成))]])
local RATE_NAMES = { "率", "比例", "比重" }
local POOR_BEFORE = re.compile([[带动(?:建档立卡)?(?:贫困|建档立卡)(?:人口|群众|户)$]])
-- the poor a programme drives, counted in people-times (带动3万人次贫困群众受益, 带动5万人次受益)
-- (and the poor named right after their people-times: 有11万人次贫困人口进入产业链条)
local POOR_AFTER = re.compile([[^(?:贫困|建档立卡)\p{Han}{0,4}?(?:人口|群众)]])
local REACHED = re.compile([[(?:惠及|覆盖)$]])
local DRIVEN_AFTER = re.compile([[^(?:(?:贫困|建档立卡)\p{Han}{0,4}?(?:人口|群众))?受益|^(?:贫困|建档立卡)\p{Han}{0,4}?(?:人口|群众)]])
local RATE_WORDS = { "收入", "人均", "率", "比例" }
local PART_WORDS = { "半", "分之", "成" }
local RATIO_WORDS = { "率", "比例", "收入" }
local FUNDS_WORDS = { "资金", "投入" }
local PER_HOUSEHOLD = { "户均", "每户", "为贫困户", "每人",   -- (and per person: 每人分红500元)
                        "平均" }                             -- (and on average: 每月务工收入平均达2800元)
local HOUSEHOLD_RETURN = re.compile([[(?:贫困户|脱贫户)(?:年均|每年|年)(?:收益|分红)(?:达到?|约|为)?$]])
local EACH_HOUSEHOLD = re.compile([[^\s*(?:每户|户均)(?:可|能)?(?:分得|分到|领到|获得)?$]])
local RETURN_WORDS = { "收益", "效益", "收入", "增收", "分红", "红利" }   -- (红利: a dividend, as 分红)
local SCORE_WORDS = { "大项", "小项" }
-- a poverty line after the figure (低于国家2736元贫困线), a standard defined before it
-- (退出标准,即贫困发生率低于3%,…认可度高于90%)
local SAMPLE = re.compile([[\G[^，,。；;]{0,30}?(?:抽样调查|抽样|样本|住户调查)]])
local POVERTY_LINE = re.compile([[\G(?:的|为)?(?:国家|现行|农村)?(?:贫困线|扶贫标准|贫困标准|标准线)]])
local STANDARD_DEF = re.compile([[(?:标准|条件)[，,：:]?\s*(?:即|是|为)[^。；;]*$|(?:标准|条件)[：:][^。；;]*$]])
-- (and the rest of a county's yearly statistics: 服务业增加值, 社会消费品零售总额, 公共财政预算收入,
-- the income of town residents: 城镇居民人均可支配收入)
-- (and public spending, as revenue: 财政支出23.6亿元、同比增长9.5%, 一般公共预算支出)
local ECONOMY = { "存款", "储蓄", "GDP", "生产总值", "财政收入", "财政总收入", "一般公共预算收入", "城乡居民收入",
                  "增加值", "社会消费品零售", "预算收入", "城镇居民人均", "城镇常住居民人均",
                  "财政支出", "财政总支出", "预算支出" }
-- a change of the figure before, in the next clause (比上年增长, 增长7.5%, 是20年前的15倍)
local URBAN_RURAL = re.compile([[(?:城乡|城镇和农村|城镇、农村|城镇与农村)(?:常住)?居民[^，,。；;]*分别[^，,。；;0-9]*$]])
local PAIR_NEXT = re.compile([=[\G\s*[和、与及]\s*[0-9]]=])
local CHANGE_START = re.compile([[^(?:比|较|同比|增长|增幅|下降|是)]])
local POPULATION = { "常住人口", "户籍人口", "农村人口" }
-- (a place's total population, not the total of the poor or the lifted-out: 占脱贫总人口的69.5%)
local TOTAL_POPULATION = re.compile([[(?<!贫困|脱贫|减贫)总人口]])
-- a whole population named after the figure (29.9万农业人口中) or describing a place (人口仅580万人的青海省)
local POPULATION_AFTER = re.compile([[\G(?:农业|农村|总|常住|户籍)?人口中]])
local POPULATION_OF = re.compile([[(?<!贫困)(?<!脱贫)人口(?:仅|只有|约|总数)?$]])
local MONEY_CLASS = re.compile([[\G的(?!\p{Han}{0,4}?(?:资金|资本))\p{Han}{0,6}?(?:县|园区|企业|乡镇|产业)(?=有|[，,。；;])]])
local LOAN_CAP = re.compile([[(?:限贷|最高可贷|最多可贷|最高贷款|贷款限额|贷款上限)(?:额度)?(?:为|是|达)?$]])
local CAP_WORDS = { "额度", "限额", "上限", "标准", "不超过" }
local SIZE_WORDS = { "占地", "人均", "户均", "住房面积", "耕地面积", "总面积" }
local SUM_WORDS = { "总", "共", "累计" }
local DISTANCE_WORDS = { "离", "距" }
-- lifted out of poverty (not the campaign, 脱贫攻坚, nor a leader, 脱贫致富带头人)
local LIFTED = re.compile([[脱贫(?!攻坚|致富带头|工作|政策|措施|劳动力)]])
-- counts of things, classified by the noun counted (COUNTS)
local COUNT_UNITS = { ["个"] = true, ["处"] = true, ["座"] = true, ["所"] = true, ["家"] = true,
                      ["次"] = true, ["种"] = true }
-- words of the poor, registered or lifted out (not 非贫困户: the households not poor)
-- (扶贫户: the households a poverty programme registers, 精准扶贫户; 低收入农户: the registered poor of a
-- province that draws its own line, as 浙江's 4600元)
local POOR = re.compile([[(?<!非)贫困(?!村|县|地区|乡|镇|发生率|山区|片区|区县)|建档立卡|建卡|脱贫|困难|低保|特困|五保|返贫|致贫|减贫|穷|扶贫户|低收入农户]])
local POOR_CHANGE = re.compile([[(?:减少|减贫|脱贫|退出)[^，,]*?贫困(?:人口|群众|户)|贫困(?:人口|群众|户)[^，,]*?(?:脱贫|减少|退出)]])
local PROVINCES = re.compile([[^[^，,。；;]{0,8}?(?:省份|省区|省市|省（区、市）|省\(区、市\))]])
local HAN = re.compile([[\p{Han}]])
local LIST_SEP = re.compile([=[^\s*[、，,；;]]=])
local DIGIT = re.compile("[0-9０-９]")
local BARE_FIGURE = re.compile([[^\s*[0-9.]+万?(?:户|人|名)\s*$]])
local PAIRED = re.compile([[^[，,、]\s*(?=[0-9])]])
local CLAUSE_END = re.compile([[[，,。；;].*$]])
local DEFAULT = { ["元"] = "funds", ["户"] = "households", ["人"] = "persons", ["%"] = "other",
                  ["村"] = "villages" }   -- (the counter 村: 搬迁4镇7村321户)

-- the words around a count: up to 5 characters before it and 10 after
local function counted_noun (sent, qa, qb)
  local before = sent:sub(1, qa - 1)
  local bp = utf8.offset(before, -5)
  if bp then before = before:sub(bp) end
  return before .. "|" .. sent:sub(qb + 1, qb + 45)
end
-- (the object named after the count may follow a few fields joined by 和: 367个易地搬迁和以工代赈项目;
-- not 12个安置点配套产业项目, nor 3个搬迁村和5个项目: the count's own noun comes first)
local OBJECT_NEAR = re.compile([[(?:车间|项目|合作社|基地|电站|工厂|园区)(?:\|)?\p{Han}{0,2}$|^\|?[^，,。；;|]{0,6}?(?:车间|项目|合作社|基地|电站|工厂|园区)|\|(?:(?!安置|的|村)[^，,。；;0-9]){0,10}?(?:车间|项目|合作社|基地|电站|工厂|园区|示范县)]])
local PURPOSE_LIST = re.compile([[、[^，,。；;]*项目(?:共计?|累计|总计|达到?)?$]])
local COOP_BEFORE = re.compile([[(?:合作社|联合社|互助协会)$]])
local COOP_AFTER = re.compile([[^(?!\p{Han}{0,4}?企业|成立|组建|建立|建成)\p{Han}{0,8}?(?:合作社|联合社|互助协会)]])
local VILLAGE_AFTER = re.compile([[^(?:\p{Han}{0,6}?(?:项目|重点|帮扶)|(?:深度)?贫困(?:自然|行政)?|(?:贫困)?嘎查)村(?!级|村级|民|委|部|组|集体|务|干部)]])
-- a clause with a rate's bound that says which things a count counts (贫困发生率超过10%的)
local BOUND_CLAUSE = re.compile([[^\p{Han}{0,8}?(?:率|比例)\p{Han}{0,4}?[0-9.]+%(?:以上|以下)?的]])
local VILLAGE_BODY = re.compile([[^(?:贫困)?村\p{Han}{0,2}(?:协会|合作社)]])

local FIT_SETS = {}               -- a list of units -> the set of them (the lists are constants)
-- a noun of COUNTS other than `words` that comes before them in s
local function counted_first (s, words)
  local _, at = measure.has(s, words)
  for _, k in ipairs(COUNTS) do
    if k[2] ~= words then
      local _, a = measure.has(s, k[2])
      if a and a < at then return true end
    end
  end
  return false
end
local function fits (units, unit)
  if units == nil then return true end
  local set = FIT_SETS[units]
  if not set then
    set = {}
    for _, u in ipairs(units) do set[u] = true end
    FIT_SETS[units] = set
  end
  return set[unit] == true
end

-- kind of quantity q, given its sentence text `sent` (q's bytes at
-- qa..qb inside it)
-- a count of divisions above the village: other, like poor counties (13个贫困县)
-- the division counters (两县, 四市): other
local DIVISION_UNITS = { ["县"] = true, ["县区"] = true, ["县市"] = true, ["县市区"] = true, ["市"] = true, ["市州"] = true,
                         ["乡"] = true, ["镇"] = true }
local LENGTH_UNITS = { ["公里"] = true, ["米"] = true }
local GOODS_UNITS = { ["辆"] = true, ["台"] = true, ["台套"] = true, ["件"] = true, ["件套"] = true, ["吨"] = true,
                      ["公斤"] = true, ["斤"] = true, ["箱"] = true, ["瓶"] = true, ["盏"] = true, ["头"] = true,
                      ["只"] = true, ["羽"] = true, ["株"] = true }
local DIVISION_COUNT = re.compile([[^(?:深度)?(?:贫困)?(?:市州|市（州）|地州|市|州|区县|县区|县（市、区）|县|乡镇|乡|镇)(?![长委级])(?!\p{Han}{0,2}?(?:联合社|合作社))]])
-- (not past the end of the count's own noun: 413所学校等也与各贫困县结对)
local COUNTY_AFTER = re.compile([[^[^，,。；;、：:村县0-9等与]{1,10}?(?:和[0-9]+个[^，,。；;、村县等与]{0,6}?)?县(?![长委级城域])]])
-- the 村 of 农村 and 乡村 names no village
local function no_village_word (s)
  return (s:gsub("农村", "农"):gsub("乡村", "乡"))
end
-- a village's whole population (全村271户家庭中, 全村93户、454人; not 全村62户贫困户)
local WHOLE_VILLAGE = re.compile([[全(?:村|组|屯)(?:共有|现有|共|有)?(?:[0-9.]+[多余]?户[、，,]?)?$]])
local POOR_NOUN_AFTER = re.compile([[^(?:贫困|建档立卡|脱贫)]])
local ENDS_FIGURE = re.compile([[[0-9.]+万?(?:户|人|名)$]])
local FIG_ITEM = re.compile([[[0-9.]+万?(?:户|人|名)、?]])
local PLACE_ITEM = re.compile([[^\p{Han}{1,6}(?:县|市|区|乡|镇|村|旗|州|盟)$]])
-- (a place, not a group of people: 监测总数…(脱贫不稳定户5018户、…) is no breakdown by place)
local BRACKET_ITEM = re.compile([[[(（](?:\p{Han}{1,8}[0-9.]+万?\p{Han}{1,2}[、，,])*\p{Han}{0,7}[^\P{Han}户人口员象]$]])
-- the households monitored against a return to poverty, and the unstable lifted-out among them;
-- the monitored as a group (a category alone, 纳入监测的边缘易致贫户320户, stays households)
local MONITORED = re.compile([[脱贫不稳定|监测(?:对象|户|总数)|三类对象|边缘(?:易致贫)?户|边缘易致贫|突发严重困难|(?:消除|化解)风险|风险消除]])
local MONITORED_GROUP = re.compile([[监测(?:对象|户|总数)|三类对象|(?:消除|化解)风险|风险消除]])
-- people on minimum living allowance (低保) or in extreme hardship (特困), named before or after the figure,
-- and the words that call people poor
-- (not 特困人口, the extremely poor of older reports)
local ON_AID_BEFORE = re.compile([[(?:低保(?:对象|人员|人口|户)|特困(?:供养)?人员)$]])
local ON_AID_AFTER = re.compile([[^(?:农村|城市|城乡)?(?:低保(?:对象|人员|人口|户)|特困(?:供养)?人员)]])
local EXITED = re.compile([[(?:^|[，,\s]|年|共|已)(?:累计)?退出(?:[0-9.]+万?[多余]?户、?)?$]])
local CALLED_POOR = re.compile([[(?<!非)贫困(?!村|县|地区|乡|镇|发生率|山区|片区|区县)|建档立卡|建卡|脱贫]])
local ITEM_SEPS = { "、", "(", "（", "：", ":" }
-- a school or a clinic named right before a count (卫生院(所)303个) or right after it (22所学校)
local FACILITIES = "(学校|小学|初中|中学|高中|幼儿园|教学点|卫生院|卫生室|医院|诊所)"
local FACILITY_BEFORE = re.compile(FACILITIES .. [[(?:[(（][^()（）]{0,9}[)）])?$]])
local FACILITY_AFTER = re.compile([[^[^，,。；;、]{0,6}?]] .. FACILITIES)
-- a count of pairings, the paired named before 结对 and no noun after the count (村村结对448个,
-- 学校结对389所; not 1534家企业结对2068个贫困村: the villages)
local PAIRINGS = re.compile([[(\p{Han}{0,6}?)结对(?:帮扶)?$]])
local NO_NOUN = re.compile([[\G(?:\s|[、，,。；;）)]|$)]])
local STAFF = "(?:干部|人才|技术人员|医生|医护人员|教师|专家|领导)"
local STAFF_BEFORE = re.compile(STAFF .. "$")
local STAFF_AFTER = re.compile([[\G\p{Han}{0,4}?]] .. STAFF)
local WORKS_AFTER = re.compile([[\G[^，,。；;、和]{0,8}?(?:工程|项目)]])
local WORKS_BEFORE = re.compile([[(?:工程|项目)(?:共计?|累计|总计|达到?)?$]])
-- batches of staff (派出9批140名干部, 19批农业技术人员)
local BATCH_OF = re.compile([[\G(?:[0-9]+[多余]?(?:名|人|位))?\p{Han}{0,4}?(?:]] .. STAFF .. [[|人员)]])
local STAFF_SENT = re.compile([[(?:选派|派出|派驻|下派|选调)\p{Han}{0,6}(?:人员|干部|医生|教师|专家|骨干)$]])
local MOVED_IN = { "搬入", "搬进", "迁入", "入住", "住进", "搬出", "迁出", "搬迁至", "迁至", "搬到", "乔迁" }
-- (the standard named after this figure or after the last of its list: …人均7000元,…人均10000元的标准)
local STANDARD_LATER = re.compile([[\G(?:[^。；;]*?元)?的?标准]])
-- money per head or per unit before the standard it sets (按照每个项目村投入50万元的标准; not an
-- income line: 人均纯收入4000元的标准); q at qa..qb in sent
local PER_HEAD = re.compile([[每(?![年月天日周])|户均|人均]])
local function standard_money (sent, qa, qb)
  local own = L.after_last(sent:sub(1, qa - 1), CLAUSE_SEPS)
  return PER_HEAD:find(own) ~= nil and not L.has_any(own, INCOME_WORDS) and STANDARD_LATER:find(sent, qb + 1) ~= nil
end
local RANKED = re.compile([[(?:位列|排名|名列|位居|居|排)第[一二三四五六七八九十0-9]+$|其次$]])
local RANK_FIGURE = re.compile([[^\s*(?:为|是|达到?|有)?\s*$]])
local BARE_HEAD = re.compile([[^[^，,。；;]{0,15}$]])
local function names_topic (s)
  if L.has_any(s, RELOCATION) then return true end
  for _, k in ipairs(TOPICS) do if L.has_any(s, k[3]) then return true end end
  return false
end
-- (the figures of a sentence ask in turn: its spaces are cut once, and
-- the same piece of it is the same string, which L.clauses' memo finds)
local spaced_in, spaced, piece_in, piece_a, piece_b, piece
local function kind_of (q, sent, qa, qb, prevkind, prevunit, unitkind)
  -- (words are read without inline glosses: 貧困發(fā)生率, 扶貧項(xiàng)目)
  local t, _, fwd = L.unglossed(sent)
  sent, qa, qb = t, fwd(qa), fwd(qb + 1) - 1
  -- a space between words parts clauses, as in a headline (广西搬迁贫困人口近70万 深贫区脱贫显成效)
  if sent ~= spaced_in then spaced_in, spaced = sent, (HAN_SPACE:gsub(sent, ",")) end
  sent = spaced
  -- the clauses beside the figure, not beyond a ；
  local piece_start = L.after_last_at(sent, PIECE_SEPS, 1, qa - 1)
  local e = sent:find("；", qb + 1, true) or sent:find(";", qb + 1, true)
  local piece_stop = e and e - 1 or #sent
  if not (sent == piece_in and piece_start == piece_a and piece_stop == piece_b) then
    piece_in, piece_a, piece_b, piece = sent, piece_start, piece_stop, sent:sub(piece_start, piece_stop)
  end
  sent = piece
  qa, qb = qa - piece_start + 1, qb - piece_start + 1
  local cls = L.clauses(sent)
  local ci = 1
  for i, c in ipairs(cls) do if c[1] <= qa and qa <= c[2] then ci = i; break end end   -- (clauses are apart)
  local own = cls[ci] and sent:sub(cls[ci][1], cls[ci][2]) or ""
  local prev = cls[ci - 1] and sent:sub(cls[ci - 1][1], cls[ci - 1][2]) or ""
  local nxt = cls[ci + 1] and sent:sub(cls[ci + 1][1], cls[ci + 1][2]) or ""
  local unit = q.unit
  local head = sent:sub(cls[ci] and cls[ci][1] or 1, qa - 1)
  -- a count of counties, towns or prefectures (八个市州, 13个贫困县, 两县): other
  if DIVISION_UNITS[unit] then return "other" end
  -- a length is other, whatever the works around it (新建、改造通村道路398公里: no house)
  if LENGTH_UNITS[unit] then return "other" end
  -- and so are goods, vehicles and livestock, whatever field they serve (救护车10辆, 消毒药品上百吨)
  if GOODS_UNITS[unit] then return "other" end
  if COUNT_UNITS[unit] and DIVISION_COUNT:find(sent:sub(qb + 1, qb + 24)) then return "other" end
  -- and of counties with a rank or a programme before 县, the 村 of 农村 and 乡村 no village
  -- (4个省级贫困县, 10个国家级和8个省级贫困县, 160个乡村振兴重点帮扶县; not 示范县: projects)
  if COUNT_UNITS[unit] then
    local noun = no_village_word(sent:sub(qb + 1, qb + 45))
    local a, b = COUNTY_AFTER:find(noun)
    if a and not noun:sub(a, b):find("示范县", 1, true) then return "other" end
  end
  -- a village's whole population is other, whatever part of it is moved or helped (全村271户家庭中
  -- 有157户进行扶贫搬迁, 包括贫困户在内的全村300余户村民)
  if (unit == "户" or unit == "人") and WHOLE_VILLAGE:find(head) and not POOR_NOUN_AFTER:find(sent:sub(qb + 1, qb + 12)) then
    return "other"
  end
  -- a breakdown after 其中 of the figure before: its kind (吸纳就业1200人,其中贫困人口400人;
  -- 2万多人从事边境贸易,其中建档立卡贫困户占四分之一)
  -- (not of a population that is no indicator: 全村有农户210户,其中建档立卡贫困户38户)
  -- (其中：…4109人1033户 after 5300人1334户: each of the total in its unit)
  local prev_qizhong = prev:find("^%s*其中%s*$") or prev:find("^%s*其中:%s*$") or prev:find("^%s*其中：%s*$")
  if own:find("^%s*其中") or prev_qizhong then
    -- (but what the people of the part then did, named after them, is their own: 培训3000人,其中
    -- 1800人已结业上岗, jobs)
    if unit == "人" or unit == "名" or unit == "户" then
      local did = sent:sub(qb + 1, cls[ci] and cls[ci][2] or #sent)
      for _, k in ipairs(TOPICS) do
        if k[1] ~= prevkind and fits(k[2], unit) and L.has_any(did, k[3]) then return k[1] end
      end
    end
    if prevkind and prevkind ~= "other" and (prevunit == unit or unit == "%") then return prevkind end
    -- (and in its own clause, when it names no topic of its own: 搬迁群众5347户21707人,其中建档立卡户
    -- 4341户18436人; not 共有贫困人口14万人,其中易地扶贫搬迁对象4.8万人)
    if unitkind and unitkind ~= "other" and (unit == "人" or unit == "户")
       and (prev_qizhong or not names_topic(own)) then
      return unitkind
    end
  end
  -- the next items of a list opened by 其中 (选聘护林员1196人,其中:新聘396人,续聘749人,补进51人): the
  -- kind of the item before in its unit
  if prevkind and prevkind ~= "other" and prevunit == unit and not names_topic(own) then
    for j = ci - 1, 1, -1 do
      local c = sent:sub(cls[j][1], cls[j][2])
      if c:find("^%s*其中%s*$") then return prevkind end
      if not ENDS_FIGURE:find(c) then break end
    end
  end
  -- an item of a list by place after another (…包含甲县6户、34人,乙县14户、79人): the
  -- kind of the item before in its unit
  if (unit == "户" or unit == "人") and unitkind and ENDS_FIGURE:find(prev)
     and PLACE_ITEM:find((FIG_ITEM:gsub(head, ""))) then
    return unitkind
  end
  -- and an item of a breakdown by place in brackets after the total (60个重点贫困村(甲县43个、乙县7个)):
  -- the kind of the figure before in its unit
  if unitkind and BRACKET_ITEM:find(head) then return unitkind end
  -- a share or a change takes the kind of what it is a share of:
  -- 91.2%的贫困人口 (the noun after it), 582.4万人脱贫、减幅达到83% and
  -- 增长2.47倍 (the figure before it in the sentence)
  if unit == "%" or unit == "倍" or unit == "百分点" then
    -- a poverty rate is other, whatever is around it
    if head:find("发生率", 1, true) or head:find("满意度", 1, true) or head:find("减贫速度", 1, true) then
      return "other"
    end
    -- (and when a stray space parts the rate from its verb: 贫困发生率 下降8.62个百分点)
    if RATE_SUBJECT_END:find(prev) and RATE_VERB:find(head) then
      return "other"
    end
    -- what a policy covers is a coverage rate (政策已覆盖98%的贫困户)
    if head:find("覆盖", 1, true) then return "other" end
    local noun = sent:sub(qb + 1, qb + 30)
    if noun:find("^的") then
      -- (the noun named first: 70%的贫困户在非贫困村)
      -- (up to the next figure: 80%以上的国家和自治区林业重点生态建设项目; 94.6%的贫困乡镇、92.1%的贫困村)
      local clause = L.before_first(sent:sub(qb + 4, qb + 60), SENT_SEPS):gsub("%d.*$", "")
      local first, at = nil, math.huge
      for _, k in ipairs(SHARE_OF) do
        local a = clause:find(k[2], 1, true)
        if a and a < at then first, at = k[1], a end
      end
      if first then return first end
    end
    -- a share in tenths names its whole right after it (八成贫困村, 九成以上贫困户)
    if q.surface:find("成", 1, true) then
      local whole = noun:gsub("^以上", "")
      for _, k in ipairs(SHARE_OF) do
        if whole:sub(1, #k[2]) == k[2] then return k[1] end
      end
    end
    -- 贫困人口占46.4%: the share of what its clause names; 资金中…占92.3%: of the figure before
    -- shares listed after the wholes they are of, in order (占全部贫困户和贫困人口的19.6%、17.9%: households,
    -- then persons)
    local wholes, done = SHARES_OF_WHOLES:match(head)
    if wholes and (done ~= "" or NEXT_SHARE:find(sent, qb + 1)) then
      local i = select(2, done:gsub("%%", "")) + 1
      local names = WHOLES_SEP:split(wholes)
      if #names >= 2 and names[i] then
        for _, k in ipairs(SHARE_SUBJECT) do
          if names[i]:find(k[2], 1, true) then return k[1] end
        end
      end
    end
    if prevkind and SHARE_OF_BEFORE:find(head) then return prevkind end
    -- the rate of what the clause before did (安置点竣工1463个,竣工率97.4%)
    local stem = RATE_OF:match(head)
    if prevkind and stem and prev:find(stem, 1, true) then return prevkind end
    -- (else the rate of works started or finished: of the projects it names, of the houses of a
    -- renovation or relocation sentence: 扶贫项目开工率90%, 危房改造…全年任务开工率80%)
    if WORKS_RATE:find(head) then
      if head:find("项目", 1, true) then return "projects" end
      if L.has_any(sent, RELOCATION) then return "housing" end
    end
    if head:find("占", 1, true) then
      if L.has_any(head, RELOCATION) then return "housing" end     -- 整体搬迁的人口占89%
      for _, k in ipairs(SHARE_SUBJECT) do
        if head:find(k[2], 1, true) then return k[1] end
      end
      if prevkind then return prevkind end
      -- (no figure before: the whole the clause before names, 贫困人口都是硬骨头,无劳动能力的约占43.1%)
      for _, k in ipairs(SHARE_SUBJECT) do
        if prev:find(k[2], 1, true) then return k[1] end
      end
    end
    -- 收入水平年均增长30.2%: the change of what its own clause names
    if L.has_any(head, INCOME_WORDS) and not head:find("率", 1, true) then return "income" end
    if prevkind and CHANGE:find(head) then return prevkind end
    -- (and the share the poor named right before it reach: 完成光伏扶贫的贫困户达30%以上)
    if not noun:find("^的") and not L.has_any(head, RATE_WORDS)
       and (CHANGE:find(head) or L.has_any(q.surface, PART_WORDS) or POOR_REACH:find(head)) then
      for _, k in ipairs(POOR_SUBJECT) do
        if head:find(k[2], 1, true) then return k[1] end
      end
    end
  end
  -- 贫困人口脱贫95%, 贫困村出列95%: the share of what its clause names that did so
  if unit == "%" then
    local item = L.after_last(head, LIST_SEP_WORD)
    if OUTCOME_END:find(item) and not L.has_any(item, RATIO_WORDS) then
      for _, k in ipairs(OUTCOME_SUBJECT) do
        if item:find(k[2], 1, true) then return k[1] end
      end
      -- (its subject left out, of the people the clause before lifted: 脱贫退出6360户11142人,累计实现脱贫退出72%)
      if prevkind == "persons" or prevkind == "households" then return prevkind end
    end
  end
  -- an income's gain (人均可支配收入8600元,…较上年增加720元): income
  if unit == "元" and prevkind == "income" and CHANGE:find(head) and not L.has_any(own, FUNDS_WORDS) then
    return "income"
  end
  -- a count's change on the year before takes the count's kind (务工就业3100万人,比上年增加120万人;
  -- 转移就业80万人次,同比增加3万人次)
  if (unit == "人" or unit == "户" or unit == "人次") and prevkind and prevunit == unit
     and (COMPARED:find(head) and CHANGE:find(head) or CHANGE_BARE:find(head)) then
    return prevkind
  end
  -- a share of money: funds (出资金的80%, 专项贷款已落实7成以上, 用于产业项目的比例达86%)
  if unit == "%" and (L.has_any(head, MONEY_NOUNS) or SPENT_SHARE:find(head)) then return "funds" end
  -- a household's or a person's average return or income (户均…纯收益可达3000元, 每人分红500元): income
  -- (not a collective's income after the households': 户均分红3000元,村集体收入2万元, other)
  if unit == "元" and (L.has_any(own, PER_HOUSEHOLD) or prev:find("户均", 1, true))
     and L.has_any(own, RETURN_WORDS) and not L.has_any(own, COLLECTIVE_INCOME) then
    return "income"
  end
  -- and a poor household's yearly return (5000多名贫困户年均收益3000元; not 120个贫困村年均收益5万元), or
  -- the share of each household in the dividend the sentence names (…合作社的分红款,33户贫困户,每户5000元)
  if unit == "元" and (HOUSEHOLD_RETURN:find(head) or EACH_HOUSEHOLD:find(head)
                      and L.has_any(sent:sub(1, qa - 1), { "分红", "收益" })) then
    return "income"
  end
  -- households watched against a return to poverty (防返贫监测): the monitored are other,
  -- the unstable lifted-out among them lifted out, by the nearer name in the figure's item
  -- (三类对象1200户4100人(脱贫不稳定户300户、边缘易致贫户500户…), 消除风险600户)
  if unit == "人" or unit == "户" or unit == "%" then
    local item = L.after_last(head, ITEM_SEPS)
    local m = MONITORED:find(item)
    if m then
      local last
      for a, b in MONITORED:gfind(item) do last = item:sub(a, b) end
      if last == "脱贫不稳定" then
        if unit ~= "%" then return unit == "户" and "households" or "persons" end
      elseif MONITORED_GROUP:find(sent) then
        return "other"
      end
    end
  end
  if unit == "人" or unit == "户" then
    -- the monitored named as a group after the figure (将2.3万脱贫不稳定人口、边缘易致贫人口和…纳入低保)
    local tail = L.before_first(sent:sub(qb + 1), CLAUSE_SEPS)
    if tail:find("脱贫不稳定", 1, true) and tail:find("边缘易致贫", 1, true) then return "other" end
    -- people on minimum living allowance or in extreme hardship never called poor (全国共有城市低保对象
    -- 700万人, 惠及50万特困人员; not 贫困户中,低保人口230人,特困供养人员80人)
    if (ON_AID_BEFORE:find(L.after_last(head, ITEM_SEPS)) or ON_AID_AFTER:find(tail))
       and not CALLED_POOR:find(sent:sub(1, qa - 1) .. "|" .. tail) then
      return "other"
    end
  end
  -- people and households lifted out of poverty, by whatever channel
  -- (易地扶贫搬迁脱贫5万人, 通过教育脱贫2.5万人): persons and households
  -- (not the lifted-out population put to work, the verb nearest the figure a job's:
  -- 实现脱贫人口转移就业8600人; 通过转移就业脱贫2万人 is lifted)
  -- (the lifted-out named after another figure of the clause, words between, are that figure's:
  -- 71万搬出大山的贫困人口已有69.12万人实现脱贫; not 2.1万户、7.6万人实现脱贫)
  local own_stretch = own
  do
    local stop = cls[ci] and cls[ci][2] or #sent
    local nd = DIGIT:find(sent, qb + 1)
    if nd and nd <= stop and select(2, HAN:gsub(sent:sub(qb + 1, nd - 1), "")) >= 4 then
      own_stretch = sent:sub(cls[ci][1], nd - 1)
    end
  end
  if (unit == "人" or unit == "户") and LIFTED:find(own_stretch)
     and not (head:find("脱贫", 1, true) and L.has_any(L.after_last(head, { "脱贫" }), JOB_WORDS)) then
    return unit == "户" and "households" or "persons"
  end
  -- and the registered poor who left the register, in a sentence of the poor (2014、2015年退出4101户1.6万多人,
  -- 经动态调整,退出19户、45人,建档立卡贫困人口由…减少至…)
  if (unit == "人" or unit == "户") and EXITED:find(head) and POOR:find(sent) then
    return unit == "户" and "households" or "persons"
  end
  -- schools and clinics, also when renovated or built for a relocation site
  -- (改造薄弱学校22所, 安置区配套卫生室(站)300个)
  if COUNT_UNITS[unit] then
    -- (pairings count no village nor project: other, the paired schools' and hospitals' their field's)
    local paired = NO_NOUN:find(sent, qb + 1) and PAIRINGS:match(head)
    local fac
    if paired then
      fac = FACILITY_BEFORE:match(paired)
      if not fac then return "other" end
    else
      fac = FACILITY_BEFORE:match(head) or FACILITY_AFTER:match(sent:sub(qb + 1, qb + 24))
    end
    if fac then return (fac:find("卫生", 1, true) or fac:find("医院", 1, true) or fac:find("诊所", 1, true)) and "health" or "education" end
    -- projects whose purposes are listed before them (用于教育、医疗和住房项目共计109个),
    -- a village's association or cooperative (28个贫困村互助协会)
    if PURPOSE_LIST:find(head) or VILLAGE_BODY:find(sent:sub(qb + 1, qb + 36)) then return "projects" end
    -- poor villages named right after the count, whatever is done in them (84个贫困村光伏电站全覆盖,
    -- 5000个贫困村和2.46万个移民搬迁村, 604个整村推进项目村), any villages a programme for whole
    -- villages reaches (在100个村实施整村推进项目; not 在20个村建立了扶贫车间: the workshops, nor
    -- 2812个贫困村完成整村搬迁: housing), and Inner Mongolia's villages (22个嘎查村已启动项目建设)
    -- (not the village-level works counted: 完成41个贫困村村级光伏电站, the stations)
    local va = sent:sub(qb + 1, qb + 36)
    if (VILLAGE_AFTER:find(va) or own:find("整村推进", 1, true) and va:find("^村")) and not own:find("整村搬迁", 1, true) then
      return "villages"
    end
  end
  -- staff sent to help are other, whatever they do (选派医疗技术人员204人到…帮助工作)
  if (unit == "人" or unit == "名") and STAFF_SENT:find(head) then return "other" end
  -- and so are officials and professionals named beside the count, unless trained (互派党政干部1834人次、
  -- 专业技术人才6661人次, 选派教育、卫生等领域171名干部, 教育厅7位厅领导; not 300名教师参加培训)
  if (unit == "人" or unit == "人次") and (STAFF_BEFORE:find(L.after_last(head, ITEM_SEPS)) or STAFF_AFTER:find(sent, qb + 1))
     and not L.has_any(own, TRAINING_WORDS) then
    return "other"
  end
  -- and so are batches of them, whatever they do (16批980名教师到…支教, 19批医疗技术人员; not 培训3批)
  if unit == "批" and BATCH_OF:find(sent, qb + 1) and not L.has_any(own, TRAINING_WORDS) then return "other" end
  -- a count of the works or projects named right after it, whatever its field (资助6个县建设12项水利工程),
  -- or right before it (实施各类援建项目300余项)
  if unit == "项" and (WORKS_AFTER:find(sent, qb + 1) or WORKS_BEFORE:find(head)) then return "projects" end
  -- relocation and housing counts: housing (but 14个易地扶贫搬迁项目 and
  -- 扶贫车间12个 are projects, 搬迁群众就业1100人 jobs); money is always funds
  -- (资助 that pays for works is no student aid: 每年资助修建20座便民桥)
  local town = FUNDED_WORKS:gsub(own, "")
  for i, k in ipairs(TOPICS) do
    if unit ~= "元" and fits(k[2], unit) and L.has_any(town, k[3]) and not (k.unless and k.unless:find(head)) then
      return k[1]
    end
    if i == 2 and HOUSING_UNITS[unit] and L.has_any(own, RELOCATION)
       and not (COUNT_UNITS[unit] and OBJECT_NEAR:find(counted_noun(sent, qa, qb))) then
      return "housing"
    end
  end
  -- the houses of a renovation or relocation sentence whose works started or finished (存量危房800户,
  -- 已开工600户; 全市重点对象已开工1200户,…危房全部清零)
  if unit == "户" and L.has_any(own, WORKS) and L.has_any(sent, RELOCATION) then return "housing" end
  -- the beneficiaries of relocation named in the clause before (易地扶贫搬迁项目22个,受益农民3364户)
  if (unit == "户" or unit == "人") and own:find("受益", 1, true) and L.has_any(prev, RELOCATION) then return "housing" end
  -- and beneficiaries its clause does not call poor are other, whoever the clause before lifted
  -- (带动贫困人口345户1419人脱贫,受益人口达1557户6522人; not 受益贫困户9182户)
  if (unit == "户" or unit == "人") and own:find("受益", 1, true) and not CALLED_POOR:find(own) then return "other" end
  -- households and people whose next clause moves them (29户、168人告别土坯房,搬入安置点)
  if (unit == "户" or unit == "人") and BARE_HEAD:find(head) and L.has_any(nxt, MOVED_IN) then return "housing" end
  -- the people of the households the clause before moved (1.2万户搬进新居,2.6万人在新家过年)
  if unit == "人" and prevkind == "housing" and prevunit == "户" and head:find("^%s*$") and not DIGIT:find(sent:sub(qb + 1, cls[ci] and cls[ci][2] or #sent)) then
    return "housing"
  end
  -- 减少农村贫困人口55万人 after 培训转移…: its own subject, not its neighbour's
  if (unit == "人" or unit == "户") and POOR_CHANGE:find(own) then return DEFAULT[unit] end
  -- (a rate or share named in its own clause is not its neighbour's: 通电率, 入学率, 通公路比例为88%;
  -- nor are the poor a programme drives, named right before their count: 培训…6528人,带动贫困人口4.61万人;
  -- the poor a training reaches are its own: 培训11次,惠及贫困人口1200余人)
  if (unit == "人" or unit == "户") and POOR_BEFORE:find(head) then return DEFAULT[unit] end
  -- (and in people-times: 带动建档立卡贫困人口8400余人次, 带动3万人次贫困群众受益; not what a project
  -- covers or reaches: 覆盖贫困人口21万人次, 惠及3万多人次贫困人口, as dev's 惠及…1.65万人次)
  if unit == "人次" and (POOR_BEFORE:find(head) or POOR_AFTER:find(sent:sub(qb + 1)) and not REACHED:find(head)
                        or head:find("带动$") and DRIVEN_AFTER:find(sent:sub(qb + 1))) then
    return "persons"
  end
  -- (a clause naming several topics lists the means, and gives none: 通过产业扶贫、教育扶贫、危房改造等措施,
  -- 全市8450名建档立卡贫困人口…)
  if NEIGHBOUR_UNITS[unit] and unit ~= "元" and not (unit == "%" and L.has_any(head, RATE_NAMES)) then
    for _, ctx in ipairs({ prev, nxt }) do
      local found
      for _, k in ipairs(TOPICS) do
        if k.neighbours and k[1] ~= found and L.has_any((FUNDED_WORKS:gsub(ctx, "")), k[3]) then
          if found then found = false; break end
          found = k[1]
        end
      end
      if found then return found end
    end
  end
  if COUNT_UNITS[unit] then
    -- a number of times counts no object, whatever place it names (先后6次到村指导): other
    if unit == "次" then return "other" end
    -- the noun after the figure (up to the end of the clause or the next
    -- number), else the last words before it (发展产业项目46个)
    local after = sent:sub(qb + 1, cls[ci] and cls[ci][2] or #sent):gsub("^[%d%.]+", ""):gsub("^%([^()]-%)", "")
    -- (past a clause with a figure that says which: 46个贫困发生率超过10%的村, the villages)
    after = BOUND_CLAUSE:gsub(after, ""):gsub("%d.*$", "")
    -- (counts by level listed before the one noun they share: 5个省级、1个市级、5个县级美丽示范村, the
    -- noun after the last of them)
    if LEVEL_ONLY:find(after) then
      local list = sent:sub(qb + 1, cls[ci] and cls[ci][2] or #sent)
      local last = LAST_OF_LIST:match(list)
      if last then after = last:gsub("%d.*$", "") end
    end
    after = no_village_word(after)     -- (摘帽23个 农村贫困人口…)
    local before = QUOTES:gsub(sent:sub(cls[ci] and cls[ci][1] or 1, qa - 1), "")
    local bp = utf8.offset(before, -5)
    if bp then before = before:sub(bp) end
    -- (学校5所、卫生院3个: a figure closing its list item counts the noun before it)
    -- (扶贫车间86个包括服装、电子等: no noun after it, the noun before)
    local wheres = { before }
    if #after >= 3 and not LIST_SEP:find(after) then wheres = { after, before } end
    -- (贫困行政村从644个减少到188个: after 减少到, the noun the clause began with)
    if TO_LEVEL:find(before) then wheres[#wheres + 1] = sent:sub(cls[ci] and cls[ci][1] or 1, qa - 1) end
    -- cooperatives and associations named beside the count (农民专业合作社1127家, 25个乡镇联合社,
    -- 9个产业扶贫专业合作社;
    -- not 1754个成立村民合作社: villages, nor 690家企业与合作社)
    if COOP_BEFORE:find(before) or COOP_AFTER:find(after) then return "projects" end
    -- water-supply works are other, as the people they serve (完善饮水安全工程1500处)
    if L.has_any(L.after_last(head, ITEM_SEPS), WATER_WORDS) then return "other" end
    for _, where in ipairs(wheres) do
      for _, k in ipairs(COUNTS) do
        if L.has_any(where, k[2]) and (unit ~= "家" or k[1] == "projects" or k[1] == "other")
           and not (k.first and counted_first(where, k[2])) then
          return k[1]
        end
      end
    end
    -- nothing named: the things the figure before counted (启动建设集中安置点1461个,建成1189个)
    if prevkind and prevunit == unit and not HAN:find(after) then return prevkind end
    return "other"
  end
  -- money per head set as the standard of an allocation (按东部人均7000元、西部人均8000元的标准下达投资): funds,
  -- not income
  if unit == "元" and own:find("人均", 1, true) and standard_money(sent, qa, qb) then return "funds" end
  for _, ctx in ipairs({ own, prev }) do
    for _, k in ipairs(MONEY) do
      if fits(k[2], unit) and L.has_any(ctx, k[3]) then return k[1] end
    end
  end
  -- households and persons are the registered poor and those lifted out of
  -- poverty; a village's whole population (全村93户), the households a water
  -- main reaches (安装自来水25.3万户), officials (22位市领导) are other
  if unit == "人" or unit == "户" then
    -- the noun after it, past a paired figure (92户,198人成为贫困户)
    local tail = sent:sub(qb + 1)
    local e = utf8.offset(tail, 16)
    local after = PAIRED:gsub(e and tail:sub(1, e - 1) or tail, "")
    after = CLAUSE_END:gsub(after, "")
    -- and the predicate after bare figures (2017年全村剩余的31户,62人,全部脱贫)
    local pred = ""
    for j = ci + 1, #cls do
      local c = sent:sub(cls[j][1], cls[j][2])
      if not BARE_FIGURE:find(c) then
        if not DIGIT:find(c) and not c:find("其中", 1, true) then pred = c end
        break
      end
    end
    -- and, in a breakdown after 其中, the total's clause (建档立卡贫困户1623户,其中甲镇1539户,乙乡84户)
    local total = ""
    local upto = sent:sub(1, qa - 1)
    local qz
    for at in upto:gmatch("()其中") do qz = at end
    if qz then total = L.after_last(L.drop_last_sep(upto:sub(1, qz - 1)), SENT_SEPS) end
    -- (the next place of a ranking, its figure bare: 甲市贫困人口最多,为9200人;乙市位列第二,为8600人)
    if unitkind and RANKED:find(prev) and RANK_FIGURE:find(head) and not HAN:find(after) then return unitkind end
    if not POOR:find(prev .. "|" .. own .. "|" .. after .. "|" .. pred .. "|" .. total) or after:find("^非贫困") then
      return "other"
    end
  end
  return DEFAULT[unit] or "other"
end

-- Not indicators, whatever the article: durations and ages; small counts
-- in Chinese numerals (四个指标, 一名孤儿: they list what the text names);
-- scoring schemes (5大项、14小项、200积分).
local NOT_UNITS = { ["年"] = true, ["月"] = true, ["周"] = true, ["岁"] = true, ["天"] = true,
                    ["小时"] = true, ["分钟"] = true, ["秒"] = true,   -- durations
                    ["积分"] = true, ["类"] = true }     -- (4类重点对象: categories)
-- a multiplier and a unit naming a size class (万亩柠檬产业基地, 千亩茶园)
local SIZE_WORD = re.compile([[^[百千万]+(?:亩|户|人|吨|头|只)$]])
-- indicator objects, right after a count
local OBJECT = re.compile([[^\p{Han}{0,4}?(?:车间|项目|合作社|基地|安置点|电站|工厂|园区)]])
local PER_UNIT = re.compile([[每(?![年月天日周])|户均]])
local EACH = re.compile([[每(?![年月天日周])]])
local TIMES = re.compile([[(?:先后|累计|共计?|已经?)$]])
local DIVISIONS = re.compile([[^(?:(?:深度)?贫困(?=县|乡|镇))?(?:市州|市（州）|地州|市|州|区县|县区|县（市、区）|县|乡镇|乡|镇|村)(?!\p{Han}{0,2}(?:长|委|级|干部|领导|书记))]])
-- the last of the names a count follows (甲、乙两县, 甲、乙两个县)
local NAMES_BEFORE = re.compile([[、\p{Han}{1,6}$]])
local WHOLE_BEFORE = re.compile([[(?:全\p{Han}|辖)$]])
local CAN_DO = re.compile([[能(?:够)?(?:带动|吸纳|帮扶|辐射)[^，,。；;]{0,8}$]])
local GROUP_END = re.compile([[\G[^，,。；;0-9]{0,6}?的]])
local ONE_PERSON = re.compile([=[村村民\p{Han}{2,3}[，,]|是[^，,。；;]{0,20}的(?:建档立卡)?(?:贫困户|脱贫户|村民)[，,]]=])
local FAMILY_HEAD = re.compile([[(?:全家|一家|家里|家中|家有)\p{Han}{0,2}$]])
local CHILDREN = re.compile([[\G(?:儿子|女儿|孩子|子女)]])
local SIZE_CLASS = re.compile([[^(?:的)?(?:自然村|行政村|村|户|企业|园区|基地|项目|规模|安置区|安置点|县|乡镇)]])
local PRICE = re.compile([[(?:一|每)(?:只|斤|亩|头|公斤|箱|袋|件|趟)[^，,；;]*(?:卖|售|价|收入)]])
-- (not an official's reported speech: 他介绍,全县…; nor 他 in a word: 改作他用, 帮助他人, 外出他乡)
local PRONOUN = re.compile([[(?:(?<!其)他|她)(?!们|说|介绍|表示|告诉|指出|称|坦言|谈到|认为|强调|用|人|乡|处|方)|(?<!自)(?:我|俺)(?![国省市州县区旗盟镇乡村们部委局厅办院校司处站社团])]])
local STORY = re.compile([[(?:(?<!其)他|她)(?!们|说|介绍|表示|告诉|指出|称|坦言|谈到|认为|强调|用|人|乡|处|方)|(?<!自)(?:我|俺)(?![国省市州县区旗盟镇乡村们部委局厅办院校司处站社团])|一天[^，,；;]*(?:挣|收入|赚)]])
-- an area that is a size (面积达3.38万平方公里), not a work done (种植面积, 复垦面积)
local AREA_SIZE = re.compile([[(?<!种植|发展|新增|复垦|治理|改造|造林|流转|养殖|作物)面积(?:达到?|为|约|有)?$]])
-- a count of things named right after it (10个专题方案包括…、…)
local LISTED = re.compile([[\G[^，,。；;：:]{0,12}?(?:(?:包括|包含|分别为|分别是|即)[^。；;]*、|[^，,。；;]*[：:]\s*一是)]])
-- (a few things, each then named: 10个专题方案包括新村建设、社会保障…, 4项措施成效显著：一是…;
-- not 86个车间包括服装、电子等)
-- (any count, when a colon opens the list: 15个县分别是:甲县、乙县…)
-- (or 为/是 right before the colon: 退出贫困县序列的10个县为:甲县、乙县…)
local ENUMERATED = re.compile([=[\G[^，,。；;：:]{0,16}?(?:分别是|分别为|如下|为|是)[：:]]=])
-- (any count, when the names after a cue in its sentence are as many as it counts: 11个省份是甲、乙…;
-- 8个省市没有贫困人口了,即甲、乙…; 16项产业,分别为粮食、油料…和电商)
local NAMES_AFTER = re.compile([[\G[^。；;]{0,60}?(?:包括|包含|分别为|分别是|分别有|即|是|为)[：:]?((?:[\p{Han}（）()]{1,10}、)+[\p{Han}（）()]{1,16})]])
local LAST_AND = re.compile([[\p{Han}(?:和|及|与)\p{Han}]])
local function names_counted (q, sent, at)
  local v = tonumber(q.value)
  if not v or v < 2 then return false end
  local _, _, names = NAMES_AFTER:find(sent, at)
  if not names then return false end
  local n = 1
  for _ in names:gmatch("、") do n = n + 1 end
  if LAST_AND:find(L.after_last(names, { "、" })) then n = n + 1 end
  return n == v
end
local function listed (q, sent, qa, qn)
  local at = qa + (qn or #q.surface)
  return ((tonumber(q.value) or 99) <= 10 and LISTED:find(sent, at) ~= nil) or ENUMERATED:find(sent, at) ~= nil
         or names_counted(q, sent, at)
end
local RATE_UNITS = { ["%"] = true, ["元"] = true, ["百分点"] = true, ["倍"] = true }
local STEPS = re.compile([[\G(?:步骤|环节|阶段|程序)]])
-- (and days and nights: 365个日日夜夜, 1000多个日子)
local YEARS_COUNTED = re.compile([[\G(?:年度|日日夜夜|日夜|昼夜|日子|白天|夜晚|春秋|寒暑)]])
-- a count of the items of a quoted list just before it (“人、钱、地、房”等4个问题)
local QUOTED_LIST = re.compile([[、[^，,。；;“”]*”等$]])
local AREA = { ["亩"] = true, ["公顷"] = true, ["平方米"] = true, ["平方公里"] = true }
local FARMLAND = re.compile([[(?<!复垦|新增|整治|开垦|补充|流转)耕地]])
local LAND_ITEM = re.compile([[^\s*(?:其中[:：]?)?\p{Han}{1,4}(?:[0-9.]+万?(?:亩|畝|公顷))?\s*$]])
local HOUSE_TYPES = re.compile([[\G[^，,。；;]*户型]])
local CAPACITY = { ["千瓦"] = true, ["兆瓦"] = true, ["瓦"] = true }
local STATIONS_BEFORE = re.compile([[电站[0-9]+(?:座|个)、$]])
local TOTAL_WORDS = { "规模", "容量", "装机", "总", "共", "累计" }
-- units of equipment and produce, not of indicators
local EQUIPMENT = { ["千瓦"] = false, ["瓦"] = true, ["台"] = true, ["块"] = true, ["斤"] = true,
                    ["吨"] = true, ["兆焦"] = true }
local PRODUCE = { ["吨"] = true, ["斤"] = true, ["公斤"] = true }
local DONATED = re.compile([[捐赠|捐献|捐助|募集|调拨]])
local GOODS_ITEM = re.compile([[^\s*\p{Han}{1,8}$]])
-- units that a follow-up sentence without a poverty word rarely measures an indicator in
local STORY_UNITS = { ["公里"] = true, ["米"] = true, ["亩"] = true, ["株"] = true, ["头"] = true, ["只"] = true }
-- words of indicators besides poverty ones
local INDICATOR_WORDS = { "项目", "人均", "收入", "搬迁", "安置", "移民", "资金", "劳动力", "整改", "拆除", "复垦",
                          "光伏", "集体经济", "协作", "对口支援", "危房", "危改", "投入", "转移就业",
                          "两不愁", "三保障" }   -- (the standard of exit from poverty: 两不愁三保障)

local one_in, one_person, about_in, about
local function is_indicator (q, sent, qa, prevq, prev_sent, caption)
  -- (words are read without inline glosses: 扶貧項(xiàng)目; qn: the figure's length then)
  local t, _, fwd = L.unglossed(sent)
  local qn = fwd(qa + #q.surface) - fwd(qa)
  sent, qa = t, fwd(qa)
  if NOT_UNITS[q.unit] then return false end
  if not DIGIT:find(q.surface) and (tonumber(q.value) or q.low or 0) < 10 then
    -- a count of indicator objects is a fact in any script (建成八个扶贫车间)
    local noun = sent:sub(qa + qn, qa + qn + 24)
    local lead = sent:sub(L.after_last_at(sent, CLAUSE_SEPS, 1, qa - 1), qa - 1)
    -- and so are a number of times done (先后三次走访, 先后两次增拨), and a count of
    -- divisions that names none of them in its clause (分布于全省八个市州, 四个贫困县的退出)
    -- or follows their names (甲、乙两县退出贫困县序列, 甲、乙两个县); a bare counter only
    -- after the names or the whole it divides (全市三县两区; not 两市为…: the pair named before)
    local times = q.unit == "次" and TIMES:find(lead)
    -- (not 甲、乙三县核桃、樱桃项目: the names of a list after it)
    local listed_after = L.before_first(noun, CLAUSE_SEPS):find("、", 1, true)
    local divisions = not listed_after and (NAMES_BEFORE:find(lead) or WHOLE_BEFORE:find(lead)
                                            or not lead:find("、", 1, true) and not DIVISION_UNITS[q.unit])
    divisions = divisions and (COUNT_UNITS[q.unit] and DIVISIONS:find(noun) or DIVISION_UNITS[q.unit])
    if not (times or divisions or (COUNT_UNITS[q.unit] and OBJECT:find(noun))) then return false end
  end
  if L.has_any(q.surface, SCORE_WORDS) then return false end
  -- at least one of a thing is a target per unit, not a count (贫困户全部发展1项以上特色产业,
  -- 每户至少1人就业 reads 1人 exact)
  if q.qualifier == "min" and tonumber(q.value) == 1 and not RATE_UNITS[q.unit] then return false end
  -- a picture's index in a gallery, opening its caption line (1/4 在…村民们在车间里工作): noise
  local line_head = sent:sub(1, qa - 1)
  if q.surface:find("^%d+/%d+$") and (line_head:find("^%s*$") or line_head:find("\n%s*$"))
     and sent:sub(qa + qn, qa + qn):find("^%s?$") then
    return false
  end
  -- one family's story without a pronoun: its size and children (全家6口人, 3个儿子上学), and a
  -- sentence about one named villager (甲村村民王五,种植…; 王五是…的贫困户,去年…)
  if sent ~= one_in then one_in, one_person = sent, ONE_PERSON:find(sent) ~= nil end   -- (once per sentence)
  if one_person then return false end
  local own_head = sent:sub(L.after_last_at(sent, CLAUSE_SEPS, 1, qa - 1), qa - 1)
  if (q.surface:find("口$") and FAMILY_HEAD:find(own_head)) or (COUNT_UNITS[q.unit] and CHILDREN:find(sent, qa + qn)) then
    return false
  end
  if SIZE_WORD:find(q.surface) then return false end
  local cls = L.clauses(sent)
  local own, before_own = "", ""
  for i, c in ipairs(cls) do
    if c[1] <= qa and qa <= c[2] then
      own = sent:sub(c[1], qa - 1)
      before_own = cls[i - 1] and sent:sub(cls[i - 1][1], cls[i - 1][2]) or ""
      break
    end
  end
  -- thresholds: 20个2000万元以上的园区 (a size class right after a count),
  -- 每年...月工资1500元以上 (a condition of a per-unit rule)
  if q.surface:find("以上$") then
    if prevq and prevq.stop + 1 == q.start then return false end
    local nxt = sent:sub(qa + qn, qa + qn + 2)
    if own:find("每", 1, true) and (nxt == "、" or nxt == "的" or own:find("以上、", 1, true)) then return false end
  end
  -- per-unit policy parameters (每名干部结对帮扶5个贫困户) are not facts;
  -- money set per unit is (每个村补助50万元)
  -- the whole population of a place (全省超过2700万人口中有…): not an indicator
  local after = sent:sub(qa + qn, qa + qn + 11)
  -- a bound that defines a group is a threshold, not an outcome: 低于4160元的
  -- (农户), 农村人口少(50户以下)
  if q.qualifier == "max" and after:find("^的") then return false end
  -- and so does a rate above or below a bound (贫困发生率超过10%的46个村, 46个贫困发生率高于10%的村)
  if q.unit == "%" and q.qualifier == "min" and after:find("^的") and own:find("率", 1, true) then return false end
  if (q.surface:find("以上$") or q.surface:find("以下$"))
     and (sent:sub(qa - 1, qa - 1) == "(" or sent:sub(qa - 3, qa - 1) == "（")
     and (after:find("^%)") or after:find("^）")) then
    return false
  end
  -- savings, output and public revenue are the general economy, per head or
  -- not, and so are their changes (全县个人存款达102亿元,比上年净增了14.6亿元;
  -- 人均GDP、人均地方财政收入分别达到…元,较2010年分别增长…)
  if L.has_any(own, ECONOMY)
     or (CHANGE_START:find(own) and L.has_any(before_own, ECONOMY)) then
    return false
  end
  -- and so is the town half of a town-and-country pair, its first figure (城乡居民人均可支配收入分别增长
  -- 9.3%和10%, 城镇和农村居民人均可支配收入分别达到32150元、11240元: the rural figure stays)
  if URBAN_RURAL:find(own) and PAIR_NEXT:find(sent, qa + qn) then return false end
  if POPULATION_AFTER:find(sent, qa + qn) or (after:find("^口中") and q.surface:find("人$"))
     or L.has_any(own, POPULATION) or TOTAL_POPULATION:find(own) or (POPULATION_OF:find(own) and after:find("^的")) then return false end
  -- a count of what the sentence goes on to list (10个专题方案包括新村建设、社会保障…)
  if listed(q, sent, qa, qn) then return false end
  if (tonumber(q.value) or 99) <= 10 and QUOTED_LIST:find(own) then return false end
  -- and of the kinds listed right before it (spec: counts that only enumerate things named in the
  -- same sentence; 采取就地安置、集中安置、插花安置3种模式)
  -- (and the steps or stages listed: 按照入户核实、评议和公示的5个步骤)
  if (q.unit == "种" or COUNT_UNITS[q.unit] and STEPS:find(sent, qa + qn))
     and (tonumber(q.value) or 99) <= 10 and own:find("、", 1, true) then
    return false
  end
  -- a count of years or days is a duration (分3个年度实施, 365个日日夜夜)
  if COUNT_UNITS[q.unit] and YEARS_COUNTED:find(sent, qa + qn) then return false end
  -- sizes of a kind of thing, not amounts (50、70和90平方米3种户型)
  if AREA[q.unit] and HOUSE_TYPES:find(sent, qa + qn) then return false end
  -- and the floor area of the building named after it, one or a class (新建300至500平方米的扶贫车间)
  if q.unit == "平方米" and after:find("^的") then return false end
  -- a yardstick set by others (低于国家3%的标准, 超过国家90%的要求) and an altitude
  -- (money set per head or per unit as the standard of an allocation stays: 按人均10000元的标准下达投资,
  -- 每个项目村投入50万元的标准; not an income line: 人均纯收入4000元的标准)
  if (after:find("^的?标准") and not (q.unit == "元" and standard_money(sent, qa, qa + qn - 1))) or after:find("^的?要求") or own:find("标准的$")
     or POVERTY_LINE:find(sent, qa + qn)
     or (STANDARD_DEF:find(sent:sub(1, qa - 1)) and not (q.unit == "元" and EACH:find(own))) then
    return false   -- (money set per head is funds: 补助标准为小学每生每年1000元)
  end
  if q.unit == "米" and own:find("海拔", 1, true) then return false end
  -- the sample of a survey (对全国31个省16万户居民家庭的抽样调查)
  if SAMPLE:find(sent, qa + qn) then return false end
  -- a size class (20户以上自然村) and a price (一只鸡能卖120元, 一亩地收入2000多元)
  -- (贫困发生率在10%以上的县, 超过3000人的有18个)
  if q.surface:find("以上$") and SIZE_CLASS:find(after) then return false end
  if q.qualifier == "min" and after:find("^的有") then return false end
  -- who qualifies by what they can do (对能带动贫困户20户以上的企业, 且能带动贫困户5户以上发展的)
  if q.surface:find("以上$") and CAN_DO:find(own) and GROUP_END:find(sent, qa + qn) then return false end
  -- an eligibility threshold or a cap in money (收入低于4000元的农户可申请, 3000元以下的贫困户,
  -- 贷款额度5万元以下)
  -- (a lower bound is an outcome: 撬动50亿元以上的金融资本)
  -- and a loan's cap written as a limit, bound or not (统一限贷5000元, 每户最高可贷5万元)
  if q.unit == "元" and LOAN_CAP:find(own) then return false end
  if q.unit == "元" and q.qualifier == "max"
     and (after:find("^的") or L.has_any(own, CAP_WORDS)) then
    return false
  end
  -- (but a lower bound that sizes the counties, parks, firms or industries named after it is a size class:
  -- spec's 2000万元以上的园区, 销售额超过500万元的贫困县有60个, 年产值超亿元的特色富民优势产业)
  if q.unit == "元" and q.qualifier == "min" and MONEY_CLASS:find(sent, qa + qn) then return false end
  if q.unit == "元" and PRICE:find(own) then return false end
  -- one family's story: what he or she earns (他家去年收入四五万元, 她…每年务工收入近2万元,
  -- 一天多则能挣160元-200元), in its clause, the two before, or the sentence before
  if q.unit == "元" then
    local ci
    for i, c in ipairs(cls) do if c[1] <= qa and qa <= c[2] then ci = i; break end end
    local near = own
    if ci and ci > 1 then near = sent:sub(cls[math.max(1, ci - 2)][1], cls[ci - 1][2]) .. "|" .. own end
    if STORY:find(near) then return false end
    if ci == 1 and prev_sent and PRONOUN:find(L.after_last(prev_sent, CLAUSE_SEPS)) then return false end
  end
  -- land and floor area: a size, not an indicator (占地面积1500亩, 人均住房面积25平方米;
  -- 种植面积36万亩 is one)
  if AREA[q.unit] and (L.has_any(own, SIZE_WORDS)
                       or AREA_SIZE:find(own)) then return false end
  -- a place's farmland and its parts listed after it are general agriculture (有耕地11.5万亩,其中稻田8.5万亩,
  -- 旱地3万亩; not 复垦耕地500亩)
  if AREA[q.unit] then
    local k
    for i, c in ipairs(cls) do if c[1] <= qa and qa <= c[2] then k = i; break end end
    local c = own
    while k do
      if FARMLAND:find(c) then return false end
      k = k - 1
      if k < 1 or not LAND_ITEM:find(c) then break end
      c = sent:sub(cls[k][1], cls[k][2])
    end
  end
  -- a capacity is a fact when it is a total (总规模20万千瓦, 装机容量4.72万千瓦),
  -- not a unit's size (户均5千瓦, 每村…规模扩大到100千瓦, 3千瓦光伏电站)
  if CAPACITY[q.unit] then
    -- (the stations counted right before it: their total, 其中村级电站713座、18.9万千瓦)
    if not L.has_any(own, TOTAL_WORDS) and not STATIONS_BEFORE:find(own) then return false end
    if PER_UNIT:find(L.after_last(own, TOTAL_WORDS)) then return false end
    -- (每村虚拟建设光伏电站,规模扩大到100千瓦以上: the clause before says per what)
    if PER_UNIT:find(before_own) and not L.has_any(own, SUM_WORDS) then return false end
  elseif q.unit ~= "元" and EACH:find(own) then
    -- (户均种植柠檬树20株以上 is an outcome; 每名干部结对帮扶5个贫困户 a rule)
    return false
  end
  -- not indicators: equipment specifications, distances in a story
  -- (but goods given in kind are aid, in whatever unit they weigh: 捐赠防护物资5万件,消毒药品上百吨)
  -- (in the clause that gives them or an item listed after it)
  if EQUIPMENT[q.unit] and not (PRODUCE[q.unit] and (DONATED:find(own) or DONATED:find(before_own) and GOODS_ITEM:find(own))) then
    return false
  end
  if q.unit == "公里" and L.has_any(own, DISTANCE_WORDS) then return false end
  -- the sentence must be about poverty, or about projects or income (in a
  -- relevant article: poverty-alleviation projects, the income of the poor),
  -- or follow up the sentence before it, in its paragraph
  if sent ~= about_in then about_in, about = sent, (L.has_any(sent, L.POVERTY) or L.has_any(sent, INDICATOR_WORDS)
                                                or L.has_any(sent, L.PAIRED_AID)) ~= nil end
  if about then return true end
  -- (a caption line heads its figure as the figure's own words would: 农民收入稳步增长)
  return prev_sent ~= nil and not STORY_UNITS[q.unit]
         and (L.has_any(prev_sent, L.POVERTY) ~= nil or (caption and L.has_any(prev_sent, INDICATOR_WORDS) ~= nil))
end

-- 下降到70.67万户、268.26万人,分别下降了33.9%和28.1%: the i-th share of a
-- 分别 clause is a change of the i-th of the figures before it (households,
-- then persons); nil when the clause is no such list
local story_sentence
local function respectively (s, sp, qs, out, q)
  local sent = s:sub(sp[1], sp[2])
  local cs, ce
  for _, c in ipairs(L.clauses(sent)) do
    if c[1] + sp[1] - 1 <= q.start and q.start <= c[2] + sp[1] - 1 then cs, ce = c[1] + sp[1] - 1, c[2] + sp[1] - 1 end
  end
  if not cs or not s:sub(cs, ce):find("分别", 1, true) then return nil end
  local k, i = 0, nil
  for _, o in ipairs(qs) do
    if o.start >= cs and o.start <= ce and o.unit == "%" then
      k = k + 1
      if o == q then i = k end
    end
  end
  if k < 2 or not i then return nil end
  local before = {}
  for _, o in ipairs(out) do
    if o.start >= sp[1] and o.start < cs and o.unit ~= "%" then before[#before + 1] = o end
  end
  if #before < k then return nil end
  local pick = before[#before - k + i]
  local first = before[#before - k + 1]
  -- (only a list of figures of different units: 70.67万户、268.26万人)
  if first.unit == before[#before].unit then return nil end
  return pick.kind
end

-- One named villager's story (s12h4): a sentence that introduces him (甲乙丙是某县建档立卡贫困户,
-- 贫困户甲乙丙高兴地说) names him; the sentences of the same paragraph that name him again (甲乙丙, 老甲)
-- are his story, as the sentence introducing him is (ONE_PERSON)
local PERSON_IS = re.compile([=[(?:^|[，,。\s“”"])(\p{Han}{2,3})是\p{Han}{0,12}?(?:建档立卡)?(?:贫困户|脱贫户)[，,]]=])
local PERSON_SAYS = re.compile([=[(?:贫困户|脱贫户|村民)(?![们們])(\p{Han}{2,3}?)(?:\p{Han}{1,3}地|笑着)?(?<![来來])(?:说|說|告诉|告訴)[，,：:“]]=])
-- (a sentence that names a place's whole as its subject is no follow-up of the story: 全村人均增收2100元)
local OWN_SUBJECT = re.compile([=[[全该該本][村县縣镇鎮乡鄉市省区區州]]=])
local MY_FAMILY = re.compile([[(?:我|俺)家(?!乡)]])
function story_sentence (doc, si)
  local c = doc._fupin_story
  if not c then c = { names = {} }; doc._fupin_story = c end
  if c[si] ~= nil then return c[si] end
  local sents = L.sentences(doc)
  local para = sents[si].para
  -- (the names introduced before, in order: a sentence is asked about after those before it)
  if c.upto == nil or c.upto < si - 1 then
    for j = (c.upto or 0) + 1, si - 1 do story_sentence(doc, j) end
  end
  local t = L.sentence_text(doc, si)
  local name = PERSON_IS:match(t) or PERSON_SAYS:match(t)
  local is = false
  -- (and a villager's own words about his family: “去年，我家获得了…)
  if MY_FAMILY:find(t) then is = true end
  if name then
    c.names[para] = name
    is = true
  else
    local n = c.names[para]
    if n and (t:find(n, 1, true) or t:find("老" .. n:sub(1, utf8.offset(n, 2) - 1), 1, true)) then is = true end
  end
  c[si], c.upto = is, math.max(c.upto or 0, si)
  return is
end

local CAPTION = 90                 -- bytes: a caption line, and the line it heads
rule "figure" {
  doc = "Quantities in relevant articles, classified into indicator kinds",
  after = { "article" },
  match = function (doc)
    local s = doc.text
    local qs = cn.quantities(s)
    local sents = L.sentences(doc)
    local out = {}
    local prevq, prev_rel_sent = nil, nil
    local counted = {}             -- sentences with figures taken
    for _, q in ipairs(qs) do
      local art = L.article_at(doc, q.start)
      local si, sp = L.sentence_at(doc, q.start)
      if art and art.relevant and sp then
        local sent = L.sentence_text(doc, si)
        local qa, qb = q.start - sp[1] + 1, q.stop - sp[1] + 1
        local ps0 = si > 1 and sents[si - 1].para == sp.para and sents[si - 1] or nil
        -- a short line under a short caption line of its own (an
        -- infographic, a list of results: 农民收入较快增长 ⏎ 由5000元增加到9000多元):
        -- the caption is the sentence before it
        if not ps0 and si > 1 and #sent <= CAPTION and sents[si - 1][2] - sents[si - 1][1] < CAPTION
           and L.article_at(doc, sents[si - 1][1]) == art then
          ps0 = sents[si - 1]
        end
        local ok = is_indicator(q, sent, qa, prevq, ps0 and L.sentence_text(doc, si - 1), ps0 and ps0.para ~= sp.para)
        -- one named villager's story: the sentences of the paragraph that name him again, and a
        -- sentence right after one of them that names no poverty word of its own
        if ok and (story_sentence(doc, si) or si > 1 and sents[si - 1].para == sp.para and story_sentence(doc, si - 1)
                                                       and not L.has_any(sent, L.POVERTY) and not OWN_SUBJECT:find(sent)) then
          ok = false
        end
        if not ok and sent:find("^%s*其中") and si > 1 and sents[si - 1].para == sp.para then
          -- 其中种植项目13个: the breakdown of the sentence before (of its
          -- figures, when they counted)
          local ps = sents[si - 1]
          ok = (counted[si - 1] and not listed(q, sent, qa))
               or is_indicator(q, s:sub(ps[1], sp[2]), qa + (sp[1] - ps[1]), prevq)
        end
        if ok then counted[si] = true end
        if ok then
          -- 其中...: the breakdown of the sentence before, in its period
          local psent, pqa = sent, qa
          if sent:find("^%s*其中") and si > 1 and sents[si - 1].para == sp.para then
            psent = s:sub(sents[si - 1][1], sp[2]); pqa = qa + (sp[1] - sents[si - 1][1])
          end
          -- (under a caption, the caption says what the figure measures: 农民收入…)
          local ksent, kqa = sent, qa
          if ps0 and ps0.para ~= sp.para then ksent = s:sub(ps0[1], sp[2]); kqa = qa + (sp[1] - ps0[1]) end
          local region, code = R.locate(doc, q.start)
          -- a count of provinces is a national figure (西部10个省份, 全国8个…省区之一)
          -- (and a count of 省份 with no 个: 11省份立军令状; not 帮扶4省区, the helper's pairs)
          if ((q.unit == "个" and PROVINCES:find(sent:sub(qb + 1, qb + 36))) or q.unit == "省份")
             and not R.partner_provinces(doc, q.start) then      -- (江苏对口的8个省份: 江苏's)
            region, code = "全国", "100000"
          end
          local v = q.value
          if q.low and q.high and q.low ~= q.high then v = cn.format(q.low) .. "-" .. cn.format(q.high) end
          -- (the figure before in the sentence, not a number of times: 先后两次增拨…,增加到上年度的3倍)
          local last = out[#out]
          if last and last.unit == "次" and out[#out - 1] then last = out[#out - 1] end
          local pk = last and last.start >= sp[1] and last.kind or nil
          local pu = pk and last.unit
          local pku                 -- the kind of the sentence's last figure in q's unit
          for j = #out, 1, -1 do
            if out[j].start < sp[1] then break end
            if out[j].unit == q.unit then pku = out[j].kind; break end
          end
          local kind = kind_of(q, ksent, kqa, qb + (kqa - qa), pk, pu, pku)
          if q.unit == "%" then kind = respectively(s, sp, qs, out, q) or kind end
          local period = period_of(doc, psent, pqa, art, si, q.unit)
          -- money set per head or per unit as the standard of an allocation is of no year
          -- (按照每个项目村投入50万元的标准, 按人均7000元…的标准下达投资; as 补助标准为每生每年1000元)
          if kind == "funds" then
            local t, _, fwd = L.unglossed(sent)
            if standard_money(t, fwd(qa), fwd(qb + 1) - 1) then period = nil end
          end
          out[#out + 1] = { kind = kind, start = q.start, stop = q.stop,
                            value = v, unit = q.unit, qualifier = q.qualifier,
                            region = region, region_code = code, period = period }
        end
      end
      prevq = q
    end
    measure.annotate(s, out)          -- rate, per unit, part of, within a cumulative (extra.fig)
    if #out > 0 then return out end   -- (an empty table would be one empty fact)
  end,
  examples = {
    { "2016-2020年,全区产业扶贫资金投入每年增长,五年内投入5574万元,发展产业项目46个。",
      { { kind = "funds", value = 55740000, unit = "元", surface = "5574万元" },
        { kind = "projects", value = 46, unit = "个", surface = "46个" } } },
    { "全市596个扶贫工作重点村、8.1万脱贫享受政策人口脱贫质量稳定提升,人均纯收入达到10045元。",
      { { kind = "villages", value = 596 }, { kind = "persons", value = 81000 }, { kind = "income", value = 10045 } } },
    { "累计投入资金3.4亿元,为22093户贫困群众住房进行了改造或重建。",
      { { kind = "funds", value = 340000000 }, { kind = "housing", unit = "户", value = 22093 } } },
    { "打造了20个2000万元以上的扶贫产业园区。", { { kind = "projects", surface = "20个" } } },
    { "全镇绳网企业达到3200多个,年产值120亿元。", false },            -- no poverty word
    { "每名县级领导干部联系一个贫困村、结对帮扶5个贫困户。", false },     -- a per-unit parameter
    { "新建六家扶贫车间,每个贫困村每年可增加集体收入3万元以上。",
      { { kind = "projects", value = 6, unit = "家" }, { kind = "other", value = 30000, qualifier = "min" } } },
    -- households and persons are the poor; a breakdown takes its total's kind
    { "全村有农户210户,其中建档立卡贫困户38户。吸纳就业1200人,其中贫困人口400人。",
      { { kind = "other", value = 210 }, { kind = "households", value = 38 },
        { kind = "jobs", value = 1200 }, { kind = "jobs", value = 400 } } },
    { "年人均纯收入低于4000元的贫困户可申请扶贫小额信贷。", false },       -- a threshold
  },
}
