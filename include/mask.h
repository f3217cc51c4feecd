/* Personal data (STANDARD.md §6): found with real validation, masked in everything written. */
#ifndef MASK_H
#define MASK_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

enum pii_kind {
	/* Mainland resident ID (18 characters, valid birth date and check digit), Taiwan and
	 * Hong Kong ID number (check digit), US social security number (123-45-6789). */
	PII_ID_NUMBER,
	PII_BANK_CARD, /* 13-19 digits passing the Luhn check; an IBAN (length, mod-97 check) */
	/* Mainland mobile number, optionally after +86; an international number after '+';
	 * North-American, Taiwan mobile, Hong Kong mobile (after a word such as "phone").
	 * Each also typed in full width ("１３８－１２３４－５６７８"). */
	PII_PHONE,
	PII_EMAIL,
	PII_SECRET,       /* a value said to be a password or code: "密码是…", "code: 4829" */
	PII_MAYBE_SECRET, /* a value after the bare word ("密码 abc123"): masked, not evidence */
};

struct pii_match {
	size_t start, end; /* byte offsets of the value to mask */
	enum pii_kind kind;
};

/* Finds up to max pieces of personal data in valid UTF-8 text, in order, not overlapping.
 * Returns how many were found (which may exceed max; only max are stored). */
size_t mask_find(const char *text, size_t len, struct pii_match *out, size_t max);

/* Appends text to out with personal data masked: ID, card, account and phone numbers keep
 * their last 4 letters or digits (whatever is around them: "KF*******5678"), e-mail
 * addresses only their domain, secrets become "******". Everything text goes through on
 * its way out: invalid UTF-8 and control characters (C0 but tab and newline, DEL, C1, bidi
 * embeddings, overrides and isolates) become U+FFFD, a CR or CR LF a newline. */
void mask_text(const char *text, size_t len, struct buf *out);

/* Whether text asks for a code or password (验证码, code, OTP, PIN, password...): the
 * customer's next message may be the bare value. */
bool mask_asks_for_code(const char *text, size_t len);

/* mask_text for a customer's message that answers previous (the last agent or bot message
 * before it; NULL: none): if previous asks for a code (mask_asks_for_code) and text is
 * mostly one 4-8 digit number ("482913", "ok it is 482913", "是 4829 吧"), that number
 * becomes "******" too. */
void mask_text_after(const char *text, size_t len, const char *previous, size_t previous_len,
		     struct buf *out);

/* mask_text, then tabs and newlines become spaces: text shown on one line. */
void mask_line(const char *text, size_t len, struct buf *out);

#endif
