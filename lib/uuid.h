#ifndef OT_UUID_H
#define OT_UUID_H

/* A random (version 4) UUID, lowercase, into out[37]. */
void ot_uuid4(char out[37]);

#endif
