-- Benchmark task T3 (../shared/bench/README.md): the 20 rules of rules.tsv,
-- each match a fact whose kind is the rule name, matched clause by clause
-- (the bench cuts sentences at every delimiter, delimiters excluded).

rule "money" { scope = "clause", pattern = [[\d+(?:\.\d+)?(?:万|亿)?(?:多|余)?元]] }
rule "households" { scope = "clause", pattern = [[\d+(?:\.\d+)?万?(?:多|余)?户]] }
rule "persons" { scope = "clause", pattern = [[\d+(?:\.\d+)?万?(?:多|余)?(?:名|人(?!次))]] }
rule "person_times" { scope = "clause", pattern = [[\d+(?:\.\d+)?万?(?:多|余)?人次]] }
rule "percent" { scope = "clause", pattern = [[\d+(?:\.\d+)?(?:%|个百分点)]] }
rule "projects" { scope = "clause", pattern = [[\d+(?:多|余)?个[一-龥]{0,6}?项目]] }
rule "villages" { scope = "clause", pattern = [[\d+(?:多|余)?个[一-龥]{0,8}?村]] }
rule "year" { scope = "clause", pattern = [[(?:19|20)\d{2}年度?]] }
rule "month_day" { scope = "clause", pattern = [[\d{1,2}月\d{1,2}日]] }
rule "iso_datetime" { scope = "clause", pattern = [[\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?]] }
rule "per_capita" { scope = "clause", pattern = [[人均[一-龥]{0,6}?(?:收入|增收|受益)[一-龥]{0,4}?\d+(?:\.\d+)?万?(?:多|余)?元]] }
rule "slogan" { scope = "clause", pattern = [[“[^“”]{1,40}”]] }
rule "book_title" { scope = "clause", pattern = [[《[^《》]{1,40}》]] }
rule "byline" { scope = "clause", pattern = [[(?:记者|通讯员) +[一-龥]{2,3}]] }
rule "place" { scope = "clause", pattern = [[[一-龥]{2,4}(?:省|市|县|区|镇|乡|村|街道)]] }
rule "organization" { scope = "clause", pattern = [[[一-龥]{2,8}(?:委员会|领导小组|办公室|管委会|合作社|公司|集团)]] }
rule "ordinal" { scope = "clause", pattern = [[第(?:\d+|[一二三四五六七八九十]+)(?:期|批|届|次|名|书记)]] }
rule "counter" { scope = "clause", pattern = [[\d+(?:多|余)?(?:家|项|次|批|处|座|条)]] }
rule "growth" { scope = "clause", pattern = [[(?:增长|增加|提高|提升|下降|减少)了?\d+(?:\.\d+)?(?:%|个百分点|倍|万?元)]] }
rule "precise_kw" { scope = "clause", pattern = [[精准(?:扶贫|脱贫|施策|识别|帮扶|发力|务实)]] }
