#include "person/placeholders.h"

#include <stddef.h>

const char *const ot_placeholder_names[] = {
	"Unknown", "N/A", "None", "Test", "Sample", "Donor", "Patient",
	"Automation Test", "Automationtest", "patient not found",
	"patientnotfound", "<masked>", "Anonymous", "zzztrash", "Missing",
	"Unavailable", "Not Available", "NotAvailable", NULL
};
