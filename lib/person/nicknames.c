/*
 * ot's table of first-name nicknames and variant spellings, compiled
 * for T7 from common usage (no other project's list): a name, the
 * formal name it stands for, and the sex it does so for when the two
 * differ (ALEX is ALEXANDER for a man, ALEXANDRA for a woman).
 * Spelling variants name one spelling as the formal one.  A name with
 * no entry stands for itself.
 */
#include "person/nicknames.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct nick {
	const char *name, *formal;
	char sex;	/* 0: either */
};

static struct nick table[] = {
	/* men */
	{ "AL", "ALBERT", 'M' }, { "ALBIE", "ALBERT", 0 }, { "BERT", "ALBERT", 0 },
	{ "ALF", "ALFRED", 0 }, { "ALFIE", "ALFRED", 0 }, { "FREDDY", "FREDERICK", 0 },
	{ "FREDDIE", "FREDERICK", 0 }, { "FRED", "FREDERICK", 0 }, { "FREDRICK", "FREDERICK", 0 },
	{ "ALEX", "ALEXANDER", 'M' }, { "ALEC", "ALEXANDER", 0 }, { "XANDER", "ALEXANDER", 0 },
	{ "SANDY", "ALEXANDER", 'M' }, { "ALLAN", "ALAN", 0 }, { "ALLEN", "ALAN", 0 },
	{ "ANDY", "ANDREW", 'M' }, { "DREW", "ANDREW", 0 }, { "TONY", "ANTHONY", 0 },
	{ "ANTONY", "ANTHONY", 0 }, { "ART", "ARTHUR", 0 }, { "ARTIE", "ARTHUR", 0 },
	{ "BEN", "BENJAMIN", 0 }, { "BENNY", "BENJAMIN", 0 }, { "BENJI", "BENJAMIN", 0 },
	{ "BRAD", "BRADLEY", 0 }, { "CHARLIE", "CHARLES", 'M' }, { "CHUCK", "CHARLES", 0 },
	{ "CHAS", "CHARLES", 0 }, { "CHIP", "CHARLES", 0 }, { "CHRIS", "CHRISTOPHER", 'M' },
	{ "KIT", "CHRISTOPHER", 0 }, { "TOPHER", "CHRISTOPHER", 0 }, { "DAN", "DANIEL", 0 },
	{ "DANNY", "DANIEL", 0 }, { "DAVE", "DAVID", 0 }, { "DAVEY", "DAVID", 0 },
	{ "DON", "DONALD", 0 }, { "DONNIE", "DONALD", 0 }, { "DONNY", "DONALD", 0 },
	{ "DOUG", "DOUGLAS", 0 }, { "ED", "EDWARD", 0 }, { "EDDIE", "EDWARD", 0 },
	{ "EDDY", "EDWARD", 0 }, { "NED", "EDWARD", 0 }, { "TED", "EDWARD", 0 },
	{ "TEDDY", "EDWARD", 0 }, { "GENE", "EUGENE", 0 }, { "FRANK", "FRANCIS", 0 },
	{ "FRANKIE", "FRANCIS", 'M' }, { "FRAN", "FRANCES", 'F' }, { "GABE", "GABRIEL", 0 },
	{ "GEOFF", "JEFFREY", 0 }, { "GEOFFREY", "JEFFREY", 0 }, { "JEFF", "JEFFREY", 0 },
	{ "JEFFERY", "JEFFREY", 0 }, { "GREG", "GREGORY", 0 }, { "GREGG", "GREGORY", 0 },
	{ "HANK", "HENRY", 0 }, { "HARRY", "HENRY", 0 }, { "HAL", "HAROLD", 0 },
	{ "HERB", "HERBERT", 0 }, { "JAKE", "JACOB", 0 }, { "JIM", "JAMES", 0 },
	{ "JIMMY", "JAMES", 0 }, { "JIMMIE", "JAMES", 0 }, { "JAMIE", "JAMES", 'M' },
	{ "JERRY", "GERALD", 0 }, { "GERRY", "GERALD", 0 }, { "JACK", "JOHN", 0 },
	{ "JOHNNY", "JOHN", 0 }, { "JOHNNIE", "JOHN", 0 }, { "JON", "JONATHAN", 0 },
	{ "JONNY", "JONATHAN", 0 }, { "JOE", "JOSEPH", 0 }, { "JOEY", "JOSEPH", 0 },
	{ "JOSH", "JOSHUA", 0 }, { "KEN", "KENNETH", 0 }, { "KENNY", "KENNETH", 0 },
	{ "LARRY", "LAWRENCE", 0 }, { "LAURENCE", "LAWRENCE", 0 }, { "LEN", "LEONARD", 0 },
	{ "LENNY", "LEONARD", 0 }, { "LEO", "LEONARD", 0 }, { "LOU", "LOUIS", 0 },
	{ "LEWIS", "LOUIS", 0 }, { "MATT", "MATTHEW", 0 }, { "MATTY", "MATTHEW", 0 },
	{ "MIKE", "MICHAEL", 0 }, { "MIKEY", "MICHAEL", 0 }, { "MICK", "MICHAEL", 0 },
	{ "MICKEY", "MICHAEL", 0 }, { "NATE", "NATHAN", 0 }, { "NATHANIEL", "NATHAN", 0 },
	{ "NICK", "NICHOLAS", 0 }, { "NICKY", "NICHOLAS", 0 }, { "NICOLAS", "NICHOLAS", 0 },
	{ "PAT", "PATRICK", 'M' }, { "PADDY", "PATRICK", 0 }, { "PETE", "PETER", 0 },
	{ "PHIL", "PHILIP", 0 }, { "PHILLIP", "PHILIP", 0 }, { "RAY", "RAYMOND", 0 },
	{ "RICH", "RICHARD", 0 }, { "RICHIE", "RICHARD", 0 }, { "RICK", "RICHARD", 0 },
	{ "RICKY", "RICHARD", 0 }, { "DICK", "RICHARD", 0 }, { "BOB", "ROBERT", 0 },
	{ "BOBBY", "ROBERT", 0 }, { "BOBBIE", "ROBERT", 'M' }, { "ROB", "ROBERT", 0 },
	{ "ROBBIE", "ROBERT", 0 }, { "ROBBY", "ROBERT", 0 }, { "BERTIE", "ALBERT", 0 },
	{ "RON", "RONALD", 0 }, { "RONNIE", "RONALD", 0 }, { "RUSS", "RUSSELL", 0 },
	{ "SAM", "SAMUEL", 'M' }, { "SAMMY", "SAMUEL", 'M' }, { "STAN", "STANLEY", 0 },
	{ "STEVE", "STEVEN", 0 }, { "STEVIE", "STEVEN", 0 }, { "STEPHEN", "STEVEN", 0 },
	{ "STEFAN", "STEVEN", 0 }, { "TOM", "THOMAS", 0 }, { "TOMMY", "THOMAS", 0 },
	{ "TIM", "TIMOTHY", 0 }, { "TIMMY", "TIMOTHY", 0 }, { "VINCE", "VINCENT", 0 },
	{ "VINNY", "VINCENT", 0 }, { "WALT", "WALTER", 0 }, { "WALLY", "WALTER", 0 },
	{ "BILL", "WILLIAM", 0 }, { "BILLY", "WILLIAM", 0 }, { "BILLIE", "WILLIAM", 'M' },
	{ "WILL", "WILLIAM", 0 }, { "WILLIE", "WILLIAM", 'M' }, { "WILLY", "WILLIAM", 0 },
	{ "LIAM", "WILLIAM", 0 }, { "ZACH", "ZACHARY", 0 }, { "ZACK", "ZACHARY", 0 },
	{ "ZAC", "ZACHARY", 0 }, { "ZACHERY", "ZACHARY", 0 }, { "BRYAN", "BRIAN", 0 },
	{ "JEREMIAH", "JEREMY", 0 }, { "JERRIE", "GERALD", 0 }, { "MOE", "MAURICE", 0 },
	{ "MO", "MOHAMMED", 'M' }, { "MOHAMMAD", "MOHAMMED", 0 }, { "MUHAMMAD", "MOHAMMED", 0 },
	{ "MOHAMED", "MOHAMMED", 0 }, { "SEAN", "SHAWN", 0 }, { "SHAUN", "SHAWN", 0 },
	{ "ERIK", "ERIC", 0 }, { "RANDY", "RANDALL", 0 }, { "TERRY", "TERENCE", 'M' },
	{ "ROD", "RODNEY", 0 }, { "ROGER", "ROGER", 0 },
	/* Spanish */
	{ "PEPE", "JOSE", 0 }, { "CHEPE", "JOSE", 0 }, { "PACO", "FRANCISCO", 0 },
	{ "PANCHO", "FRANCISCO", 0 }, { "CURRO", "FRANCISCO", 0 }, { "CHUCHO", "JESUS", 0 },
	{ "CHUY", "JESUS", 0 }, { "NACHO", "IGNACIO", 0 }, { "QUIQUE", "ENRIQUE", 0 },
	{ "MANOLO", "MANUEL", 0 }, { "MANNY", "MANUEL", 0 }, { "LUPE", "GUADALUPE", 0 },
	{ "LALO", "EDUARDO", 0 }, { "BETO", "ALBERTO", 0 }, { "TONO", "ANTONIO", 0 },
	 { "MEMO", "GUILLERMO", 0 }, { "NANDO", "FERNANDO", 0 },
	{ "RAFA", "RAFAEL", 0 }, { "CHARO", "ROSARIO", 0 }, { "CONCHA", "CONCEPCION", 0 },
	{ "CONCHITA", "CONCEPCION", 0 }, { "LOLA", "DOLORES", 0 }, { "PAQUITA", "FRANCISCA", 0 },
	{ "PILI", "PILAR", 0 }, { "MAYTE", "MARIATERESA", 0 },
	/* women */
	{ "ABBY", "ABIGAIL", 0 }, { "ABBIE", "ABIGAIL", 0 }, { "GAIL", "ABIGAIL", 0 },
	{ "ALEX", "ALEXANDRA", 'F' }, { "ALLY", "ALEXANDRA", 0 }, { "SANDY", "SANDRA", 'F' },
	{ "ALEXA", "ALEXANDRA", 0 }, { "LEXI", "ALEXIS", 0 }, { "LEXIE", "ALEXIS", 0 },
	{ "MANDY", "AMANDA", 0 }, { "ANGIE", "ANGELA", 0 }, { "ANNE", "ANN", 0 },
	{ "ANNIE", "ANN", 0 }, { "BARB", "BARBARA", 0 }, { "BABS", "BARBARA", 0 },
	{ "BECKY", "REBECCA", 0 }, { "BECCA", "REBECCA", 0 }, { "BEV", "BEVERLY", 0 },
	{ "BEVERLEY", "BEVERLY", 0 }, { "CARRIE", "CAROLINE", 0 }, { "CAROL", "CAROLINE", 0 },
	{ "CAROLE", "CAROLINE", 0 }, { "CAROLYN", "CAROLINE", 0 }, { "CATHY", "CATHERINE", 0 },
	{ "CATHERINE", "KATHERINE", 0 }, { "KATHRYN", "KATHERINE", 0 }, { "KATHARINE", "KATHERINE", 0 },
	{ "CATHRYN", "KATHERINE", 0 }, { "KATE", "KATHERINE", 0 }, { "KATIE", "KATHERINE", 0 },
	{ "KATY", "KATHERINE", 0 }, { "KAT", "KATHERINE", 0 }, { "KATHY", "KATHERINE", 0 },
	{ "KATHI", "KATHERINE", 0 }, { "KAY", "KATHERINE", 0 }, { "KITTY", "KATHERINE", 0 },
	{ "CAT", "KATHERINE", 0 }, { "CHRISSY", "CHRISTINE", 0 }, { "CHRIS", "CHRISTINE", 'F' },
	{ "CHRISTINA", "CHRISTINE", 0 }, { "KRISTINE", "CHRISTINE", 0 }, { "KRISTINA", "CHRISTINE", 0 },
	{ "TINA", "CHRISTINE", 0 }, { "CINDY", "CYNTHIA", 0 }, { "DEB", "DEBORAH", 0 },
	{ "DEBBIE", "DEBORAH", 0 }, { "DEBBY", "DEBORAH", 0 }, { "DEBRA", "DEBORAH", 0 },
	{ "DOT", "DOROTHY", 0 }, { "DOTTIE", "DOROTHY", 0 }, { "DOLLY", "DOROTHY", 0 },
	{ "BETH", "ELIZABETH", 0 }, { "BETTY", "ELIZABETH", 0 }, { "BETSY", "ELIZABETH", 0 },
	{ "BETTE", "ELIZABETH", 0 }, { "LIZ", "ELIZABETH", 0 }, { "LIZZIE", "ELIZABETH", 0 },
	{ "LIZZY", "ELIZABETH", 0 }, { "LIBBY", "ELIZABETH", 0 }, { "ELIZA", "ELIZABETH", 0 },
	{ "LISBETH", "ELIZABETH", 0 }, { "ELISABETH", "ELIZABETH", 0 }, { "ELLIE", "ELEANOR", 0 },
	{ "NELL", "ELEANOR", 0 }, { "NELLIE", "ELEANOR", 0 }, { "ELINOR", "ELEANOR", 0 },
	{ "EVIE", "EVELYN", 0 }, { "FRANNIE", "FRANCES", 0 }, { "FRANKIE", "FRANCES", 'F' },
	{ "GINNY", "VIRGINIA", 0 }, { "GINGER", "VIRGINIA", 0 }, { "IZZY", "ISABELLA", 0 },
	{ "BELLA", "ISABELLA", 0 }, { "ISABEL", "ISABELLA", 0 }, { "ISABELLE", "ISABELLA", 0 },
	{ "JACKIE", "JACQUELINE", 0 }, { "JAN", "JANET", 0 }, { "JEN", "JENNIFER", 0 },
	{ "JENNY", "JENNIFER", 0 }, { "JENNI", "JENNIFER", 0 }, { "JESS", "JESSICA", 0 },
	{ "JESSIE", "JESSICA", 0 }, { "JUDY", "JUDITH", 0 }, { "JUDE", "JUDITH", 0 },
	{ "KIM", "KIMBERLY", 0 }, { "KIMBERLEY", "KIMBERLY", 0 }, { "MADDIE", "MADELINE", 0 },
	{ "MADDY", "MADELINE", 0 }, { "MADELYN", "MADELINE", 0 }, { "MAGGIE", "MARGARET", 0 },
	{ "MEG", "MARGARET", 0 }, { "MEGGIE", "MARGARET", 0 }, { "PEGGY", "MARGARET", 0 },
	{ "PEG", "MARGARET", 0 }, { "MARGE", "MARGARET", 0 }, { "MARGIE", "MARGARET", 0 },
	{ "GRETA", "MARGARET", 0 }, { "MOLLY", "MARY", 0 }, { "POLLY", "MARY", 0 },
	{ "MAMIE", "MARY", 0 }, { "MARTY", "MARTHA", 'F' }, { "MATTIE", "MARTHA", 0 },
	{ "MISSY", "MELISSA", 0 }, { "MEL", "MELISSA", 'F' }, { "NAN", "NANCY", 0 },
	{ "NANCIE", "NANCY", 0 }, { "NAT", "NATALIE", 'F' }, { "NATALIA", "NATALIE", 0 },
	{ "PAM", "PAMELA", 0 }, { "PATTY", "PATRICIA", 0 }, { "PATTI", "PATRICIA", 0 },
	{ "PAT", "PATRICIA", 'F' }, { "TRISH", "PATRICIA", 0 }, { "TRICIA", "PATRICIA", 0 },
	{ "SAM", "SAMANTHA", 'F' }, { "SAMMIE", "SAMANTHA", 0 }, { "SAMMY", "SAMANTHA", 'F' },
	{ "SARA", "SARAH", 0 }, { "SALLY", "SARAH", 0 }, { "SADIE", "SARAH", 0 },
	{ "SOPHIE", "SOPHIA", 0 }, { "SOFIA", "SOPHIA", 0 }, { "STEPH", "STEPHANIE", 0 },
	{ "STEFANIE", "STEPHANIE", 0 }, { "SUE", "SUSAN", 0 }, { "SUSIE", "SUSAN", 0 },
	{ "SUZY", "SUSAN", 0 }, { "SUZANNE", "SUSAN", 0 }, { "TERRI", "THERESA", 0 },
	{ "TERRY", "THERESA", 'F' }, { "TESS", "THERESA", 0 }, { "TESSA", "THERESA", 0 },
	{ "TERESA", "THERESA", 0 }, { "TORI", "VICTORIA", 0 }, { "VICKY", "VICTORIA", 0 },
	{ "VICKI", "VICTORIA", 0 }, { "VIKKI", "VICTORIA", 0 }, { "WENDY", "GWENDOLYN", 0 },
	{ "GWEN", "GWENDOLYN", 0 }, { "DANI", "DANIELLE", 0 }, { "SHELLY", "MICHELLE", 0 },
	{ "SHELLEY", "MICHELLE", 0 }, { "MICHELE", "MICHELLE", 0 }, { "LORI", "LORRAINE", 0 },
	{ "LORIE", "LORRAINE", 0 }, { "CHARLIE", "CHARLOTTE", 'F' }, { "LOTTIE", "CHARLOTTE", 0 },
	{ "ANNA", "ANN", 0 }, { "HANNA", "HANNAH", 0 }, { "JULIA", "JULIE", 0 },
	{ "LEXA", "ALEXANDRA", 0 }, { "ROSIE", "ROSE", 0 }, { "ROSA", "ROSE", 0 },
	{ "JO", "JOANNE", 'F' }, { "JOANN", "JOANNE", 0 }, { "JOANNA", "JOANNE", 0 },
	{ "JAMIE", "JAMIE", 'F' }, { "BOBBIE", "ROBERTA", 'F' }, { "BILLIE", "WILHELMINA", 'F' },
	{ "GLO", "GLORIA", 0 }, { "CHER", "CHERYL", 0 }, { "CHERIE", "CHERYL", 0 },
	{ "ANGELIQUE", "ANGELA", 0 }, { "AMELIA", "AMELIA", 0 }, { "MILLIE", "MILDRED", 0 },
	{ "WINNIE", "WINIFRED", 0 }, { "HATTIE", "HARRIET", 0 }, { "ADDIE", "ADELAIDE", 0 },
	{ "TILLY", "MATILDA", 0 }, { "CISSY", "CECILIA", 0 }, { "CELIA", "CECILIA", 0 },
};

#define NTABLE	(sizeof(table) / sizeof(table[0]))

static int cmp(const void *x, const void *y)
{
	const struct nick *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : a->sex - b->sex;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void sort_table(void)
{
	qsort(table, NTABLE, sizeof(table[0]), cmp);
}

const char *ot_formal_name(const char *s, size_t len, char sex)
{
	size_t lo = 0, hi, k;
	const char *first = NULL;

	pthread_once(&once, sort_table);
	hi = NTABLE;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(table[mid].name, s, len);

		if (c == 0 && table[mid].name[len] != '\0')
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the entries of this name, sex 0 first, then F, then M */
	for (k = lo; k < NTABLE && strncmp(table[k].name, s, len) == 0 &&
	    table[k].name[len] == '\0'; k++) {
		if (first == NULL)
			first = table[k].formal;
		if (table[k].sex == 0 || table[k].sex == sex)
			return table[k].formal;
	}
	/* the sex unknown: the first entry ('F' sorts before 'M'), the
	 * same on both sides */
	return first;
}
