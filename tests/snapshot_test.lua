-- The fupin pack's facts on examples/corpus equal its snapshot
-- (scripts/fupin/snapshot/facts.tsv).  When this fails after a deliberate
-- change of the pack, `make snapshot` regenerates it: review the rows with
-- git diff before committing them.
-- test: no-valgrind
local t = require "assay.testing"
local bin, sh = t.bin(), t.sh

t.test("the fupin pack's facts on examples/corpus equal its snapshot", function ()
  local out, code, err = sh(bin .. " test --snapshot scripts/fupin/snapshot --simplify scripts/fupin -- examples/corpus")
  if code ~= 0 then
    io.write(out, err)
    io.write("  (a deliberate change? regenerate it: make snapshot)\n")
  end
  t.eq(code, 0, "exit status")
  t.ok(out:find("unchanged", 1, true), "the check says unchanged")
end)

t.done()
