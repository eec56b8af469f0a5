#ifndef OT_REPORT_H
#define OT_REPORT_H

/* The HTML report of an ot-match summary file and, when not NULL, the
 * metadata files of ours and theirs, written to fd (closed here; outname
 * for messages).  Every JSON value read is checked for its type first.
 * Returns the exit status. */
int ot_report_html(const char *summary, const char *meta[2], int fd,
    const char *outname);

#endif
