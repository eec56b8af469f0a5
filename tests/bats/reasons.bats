#!/usr/bin/env bats
# ot-normalize --reasons and --reasons-summary: why each value was
# rejected, from the validators' own code paths.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# One record per case: every attribute valid but the one under test.
cases() {
	cat <<'CASES'
FirstName||empty
FirstName|Unknown|name-placeholder
FirstName|123|name-empty-after-normalization
LastName|X|lastname-pattern
LastName|Bc|lastname-pattern
LastName|N/A|name-placeholder
BirthDate|tomorrow|date-format
BirthDate|2001-02-29|date-no-such-day
BirthDate|2000-01-01T10:00:00|date-no-offset
BirthDate|1909-12-31|date-before-1910
BirthDate|2999-01-01|date-in-future
Sex|X|sex-spelling
Sex||empty
PostalCode|123456|zip-length
PostalCode|12345|zip-placeholder
PostalCode|ABC|postal-ca-format
PostalCode|K1A|postal-ca-placeholder
SocialSecurityNumber|12-34-567a|ssn-format
SocialSecurityNumber|123456|ssn-length
SocialSecurityNumber|000-12-3456|ssn-area-invalid
SocialSecurityNumber|666-12-3456|ssn-area-invalid
SocialSecurityNumber|912-12-3456|ssn-area-invalid
SocialSecurityNumber|123-00-4567|ssn-group-zero
SocialSecurityNumber|123-45-0000|ssn-serial-zero
SocialSecurityNumber|123-45-6789|ssn-placeholder
CASES
}

@test "reasons: each code, from the check that rejected the value; a short row's missing values" {
	cases | awk -F'|' '
	BEGIN {
		split("FirstName LastName BirthDate Sex PostalCode SocialSecurityNumber", h, " ")
		split("Ann|Smith|1984-03-12|F|30301|231-44-9012", good, "|")
		print "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber"
	}
	{
		line = "case-" NR
		for (i = 1; i <= 6; i++)
			line = line "," (h[i] == $1 ? $2 : good[i])
		print line
	}
	END { print "short,Ann,Smith,1984-03-12" }' > in.csv
	run --separate-stderr ot-normalize --reasons in.csv
	assert_success
	assert_equal "${lines[0]}" "RecordId,Attribute,Reason"
	expected=$(cases | awk -F'|' '{ print "case-" NR "," $1 "," $3 }'
	    printf 'short,Sex,column-missing\nshort,PostalCode,column-missing\nshort,SocialSecurityNumber,column-missing\n')
	assert_equal "$(tail -n +2 <<< "$output" | sed -E 's/^([^,]*,[^,]*,)"?([a-z0-9-]*):.*/\1\2/')" "$expected"
	# each row's words follow its code
	assert_equal "$(tail -n +2 <<< "$output" | grep -Evc '^[^,]*,[A-Za-z]*,"?[a-z0-9-]+: [^ ]')" 0
	# validity is the normalized stream's: the same values are empty there
	ot-normalize in.csv > norm.csv
	assert_equal "$(awk -F, 'NR > 1 { for (i = 2; i <= NF; i++) if ($i == "") n++ } END { print n }' norm.csv)" 25
}

@test "reasons: the rejected values are never printed unless --show-values" {
	printf 'RecordId,FirstName,SocialSecurityNumber\nr1,Unknown,078-05-1120\nr2,Ann,000-55-0001\n' > in.csv
	run --separate-stderr ot-normalize --reasons in.csv
	assert_success
	[[ "$output" != *000-55-0001* ]]
	assert_equal "$(grep -c ',Unknown$' <<< "$output")" 0
	assert_equal "${lines[2]}" 'r2,SocialSecurityNumber,"ssn-area-invalid: area number 000, 666 or 900-999"'
	run --separate-stderr ot-normalize --reasons --show-values in.csv
	assert_success
	assert_equal "${lines[0]}" "RecordId,Attribute,Reason,Value"
	assert_equal "${lines[2]}" 'r2,SocialSecurityNumber,"ssn-area-invalid: area number 000, 666 or 900-999",000-55-0001'
	run --separate-stderr ot-normalize --show-values in.csv
	assert_failure 2
	run --separate-stderr ot-normalize --reasons --reasons-summary in.csv
	assert_failure 2
}

@test "reasons: the summary's totals are the empty fields of the normalized stream, attribute by attribute" {
	# messy values with simple ids, some rows short
	awk 'BEGIN {
		srand(3)
		split("Ann|Unknown||123|Dr. Bo|José", fn, "|"); split("Smith|X|Bc|Ng|N/A|Müller", ln, "|")
		split("1984-03-12|tomorrow|2001-02-29|1909-12-31|2999-01-01|2000-01-01T10:00:00", bd, "|")
		split("F|Male|X||m|U", sx, "|"); split("30301|123456|12345|ABC|K1A|M5V 3L9", zp, "|")
		split("231-44-9012|12-34-567a|123456|000-12-3456|123-00-4567|123-45-6789", ss, "|")
		print "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber"
		for (i = 1; i <= 3000; i++) {
			line = "r" i "," fn[1 + int(rand() * 6)] "," ln[1 + int(rand() * 6)] "," bd[1 + int(rand() * 6)]
			if (rand() < 0.9)
				line = line "," sx[1 + int(rand() * 6)] "," zp[1 + int(rand() * 6)] "," ss[1 + int(rand() * 6)]
			print line
		}
	}' > in.csv
	ot-normalize in.csv > norm.csv
	run --separate-stderr ot-normalize --reasons-summary in.csv
	assert_success
	assert_equal "${lines[0]}" "Attribute,Reason,Count"
	# invalid: an empty field; missing (a short row): ""
	for col in 2 3 4 5 6 7; do
		name=$(head -1 norm.csv | cut -d, -f$col)
		empty=$(awk -F, -v c=$col 'NR > 1 && $c == "" { n++ } END { print n + 0 }' norm.csv)
		missing=$(awk -F, -v c=$col 'NR > 1 && $c == "\"\"" { n++ } END { print n + 0 }' norm.csv)
		assert_equal "$name $(grep "^$name,invalid," <<< "$output" | cut -d, -f3)" "$name $empty"
		if [ "$missing" -gt 0 ]; then
			assert_equal "$(grep "^$name,column-missing," <<< "$output" | cut -d, -f3)" "$missing"
		fi
		# the reasons add up to the total
		assert_equal "$(grep "^$name," <<< "$output" | grep -v -e ',invalid,' -e ',column-missing,' |
		    awk -F, '{ n += $3 } END { print n + 0 }')" "$empty"
	done
	# and the rows of --reasons are as many
	assert_equal "$(ot-normalize --reasons in.csv | grep -vc 'column-missing: ')" \
	    "$(($(grep ',invalid,' <<< "$output" | awk -F, '{ n += $3 } END { print n }') + 1))"
}

@test "reasons: every code is in the man page" {
	for code in empty name-placeholder name-empty-after-normalization lastname-pattern date-format \
	    date-no-such-day date-no-offset date-before-1910 date-in-future sex-spelling zip-length \
	    zip-placeholder postal-ca-format postal-ca-placeholder ssn-format ssn-length ssn-area-invalid \
	    ssn-group-zero ssn-serial-zero ssn-placeholder column-missing; do
		grep -q "^\.It Cm $code\$" "$TOP/man/ot-normalize.1" || fail "$code is not in ot-normalize.1"
	done
}
