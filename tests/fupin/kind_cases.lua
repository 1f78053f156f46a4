-- Small documents for tests/fupin_test.lua ("small documents"): what the kind
-- rules of scripts/fupin must do, one form per case, figures invented.
-- want: surface -> "kind region period" (- for empty), or false: not a fact.
return {
}
