/* Values the reference treats as "no real name" (AttributeUtilities). */
#ifndef OT_PLACEHOLDERS_H
#define OT_PLACEHOLDERS_H

extern const char *const ot_placeholder_names[];

#endif
