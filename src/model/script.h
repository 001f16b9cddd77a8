/* script.h — which writing system a name is written in.
 *
 * Lists give names in their original script ("صدام حسين التكريتي") next to
 * their romanizations; matching and display want to know the script. The
 * answer is the ISO 15924 code (ICU's short script name: "Arab", "Cyrl",
 * "Hani", "Latn", ...) of the script most of the name's letters belong to;
 * characters of the Common and Inherited scripts (digits, punctuation,
 * combining marks) do not count. Stateless and thread-safe. */
#ifndef VET_MODEL_SCRIPT_H
#define VET_MODEL_SCRIPT_H
#include <stddef.h>

/* The dominant script of the UTF-8 text s[0..n), or NULL when it holds no
 * letter of a specific script (or is not valid UTF-8). Static storage. */
const char *vet__script_of(const char *s, size_t n);
/* 1 if s[0..n) holds at least one letter and none of them is Latin. */
int vet__script_non_latin(const char *s, size_t n);
#endif
