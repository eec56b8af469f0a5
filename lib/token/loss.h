#ifndef OT_TOKEN_LOSS_H
#define OT_TOKEN_LOSS_H

/*
 * Say once, on stderr, what the named profile lost in this process
 * (person/loss.h): which values, columns or letters, how many records,
 * which rules went blank, and what to change in the file.  Nothing
 * without a named profile, or when nothing was lost.
 */
void ot_loss_report(void);

#endif
