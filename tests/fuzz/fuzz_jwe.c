/* Fuzz target: the ot.V1 token reader over arbitrary bytes: the compact
 * form, the header (alg, enc, typ, kid, exp, nbf, zip, crit, epk, iv,
 * tag, apu, apv) and, for what gets that far, each algorithm's key
 * handling and the payload (hash_alg, mac_alg, ppid, ppid_dtype,
 * ppid_dims, exp, nbf), with three readers: a symmetric key and a fixed
 * P-256 private key (the receiver of the seeds), a fixed RSA key, and a
 * ring holding all three under kids k1, k2 and k3. */
#include "token/jwe.h"
#include "share/kex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const char receiver[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+w3SFVPhylY2jtU2\n"
    "3Tfy8/hVGKb83nc+rW6v3Gd25kOhRANCAARf2k94ZBRUGFFDas9ck8QMvvjFkLMf\n"
    "QpCDGN42Zo4vST/76cZXIoP3zfqf5VvNplTGdz/3Pz67oQGZX56U3iUX\n"
    "-----END PRIVATE KEY-----\n";
static const char rsa_receiver[] =
	    "-----BEGIN PRIVATE KEY-----\n"
	    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC1A/Mj17rVv/QQ\n"
	    "2DgjkkkEtOSChtwkYN4AOLy13YK5LPwXSrjbmwmLdA0WnzFPF/VSDO8iBWo7XQEV\n"
	    "d1crpIa1+wVJpW6JlY4PWSrXMmCqJNKa0G7dNMndWYwyRa0j86zsffWnoCjUWxPH\n"
	    "dXJDcsT/Yp6mHYsBRk9IgLoOhaNBBsu/dl5vJBOF2pidzaKa0VWUmloH6e5tAi3I\n"
	    "F3mdfXuChdOH85ogbofqODhAZNs/HSbV/2kSQAqGu34+ICj3mah7N6Kv7X4Suinw\n"
	    "zHESWCpcDpeQJtMP3l8qyglfrPhvmtE7tTeHejbE5iUbeaajuBAR0vZL3azYLsCu\n"
	    "MgOjjEOjAgMBAAECggEAGs0oaWSuMarXsMzK1x14OT2tXdQo8Sv0gtTjwAu5qMBL\n"
	    "3Qj/wOg+LAs1SuWsL9lMxebLW16w4XQ+TlbarcgQ+A3gNQzNBosBuy0JJk67uEV2\n"
	    "d1yoJZGE2ATDuMfPQHT6ZBOsVTLmCLcpgQ1XKzxphaSs98yFAd3OrF3+7lqEFwLy\n"
	    "HweVAtXjv8AKXHU1K+5pqssB292NHBgSLnk9qpA/oOwNH9SDwFuZihiuMCoKyYOL\n"
	    "Gh7XwXMC4UrNgUMiIbRw7LXmgKliGEeTBLT5+731NsHUfl1WPDD7BZAE2YQwPMXF\n"
	    "KpreM7Xb7DRjwfjUNJqIDBtQEZzhSLo6VRr6p1ROsQKBgQDpp3YNFLV3O996Me7r\n"
	    "8axWyCvMlVhYonvsP2OT0vgrVu4GJ3pFesKw7bgdg24I3cJURcIPC4Zh54gEsFKU\n"
	    "uVnRbuDHuI7XzmP7MVtZXTiRYwoT3/1MSl4KMBXTLywvtDP8ymP7BNPP8CFfL+yN\n"
	    "dzwkaU3Mc+3MM6/QA5ZmK74gMwKBgQDGU70Kwa56ywWhFFT37Twd4nTXNzKmOTFx\n"
	    "aqRoVeZ8r5C7B/iYrVbWxSUJ5a3WLYgGgXeRPJB3oqA9rX9l65Qne88Pc70T8mAz\n"
	    "MvF9ax9wv1GLPdN6aSGj93HWF1wbKhMvxJ5KcCeKCVp3h2pE5BJf2u1Xnl9Rm8NV\n"
	    "n1j+Pjoe0QKBgGi8URWB/+nno8BBm8iVt1vbNI7rLwPkKcp3i6paujWrLN0DWzLD\n"
	    "2Xu3w30vSeadiRt/fYKC9wTx5S283/ecsh9IJWhBWX5xHK4frMP9HntFOuI32HIX\n"
	    "L9o/PblBfvwPOfKJwpFl05B1InBpqg6rsQDdVytbl++eB6Qlx4ga+YmzAoGAbrT5\n"
	    "tpJs+iBwMP1vfMHRqADsJeKrBDyyy9OymIcy1PEPwkdtzpQcAGEmDsNF6WObJb6J\n"
	    "Zuo+3nlKJ4O8tMDu/6dN6xs5NXQ7nPjX8qGkeERjmW1WqmMbIzMSOWbqxEMVWLnR\n"
	    "fk3i1FvqQwS1HmWNmDJWAG3oWV6wiBAeFjXYLbECgYEAh+94vOOvO3fXqLJl9Tlq\n"
	    "WGL3V66ETl/fkojOT95uqlWHp1Vd/tF2U4Vq4MVBdsxGfwYnJ1Jv/3+q5nRx0xnF\n"
	    "5cv4rHR1MO7OWCb6WaV2zNBGbfBF8CyyRuQHJq+7Xt6NJh8Ja/G//TqLMmSqTOGQ\n"
	    "+IPRkpVcQxihYlmAZ69gPzI=\n"
	    "-----END PRIVATE KEY-----\n";
static const unsigned char key[32] = "demo-encryption-key-of-32-bytes!";

static EVP_PKEY *parse(const char *pem, size_t len)
{
	const char *why;
	EVP_PKEY *k = ot_key_parse_jwe_private(pem, len, &why);

	if (k == NULL)
		abort();
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ot_v1 *v[3];
	static struct ot_ring_key rk[3];
	static struct ot_ring ring = { "fuzz-ring", rk, 3 };
	static EVP_PKEY *own, *rsa;
	struct ot_v1_keys ks = { key, NULL, "receiver", NULL };
	struct ot_v1_expiry e;
	struct ot_v1_claims c;
	struct ot_v1_header h;
	char *out;
	size_t n;
	int i;

	if (v[0] == NULL) {
		own = parse(receiver, sizeof(receiver) - 1);
		rsa = parse(rsa_receiver, sizeof(rsa_receiver) - 1);
		ks.own = own;
		v[0] = ot_v1_reader(&ks);
		ks.key = NULL;
		ks.own = rsa;
		v[1] = ot_v1_reader(&ks);
		strcpy(rk[0].kid, "k1");
		rk[0].type = OT_JWE_OCT;
		memcpy(rk[0].oct, key, sizeof(key));
		strcpy(rk[1].kid, "k2");
		rk[1].type = OT_JWE_EC;
		rk[1].pkey = own;
		strcpy(rk[2].kid, "k3");
		rk[2].type = OT_JWE_RSA;
		rk[2].pkey = rsa;
		for (i = 0; i < 3; i++) {
			rk[i].path = "fuzz";
			strcpy(rk[i].what, "a fuzz key");
		}
		ks.own = NULL;
		ks.ring = &ring;
		v[2] = ot_v1_reader(&ks);
	}
	if (size > OT_V1_MAX)
		return 0;
	(void)ot_v1_peek((const char *)data, size, &h);
	if (!ot_is_v1_token((const char *)data, size))
		return 0;
	if ((out = malloc(size)) == NULL)
		abort();
	for (i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		if (ot_v1_open(v[i], (const char *)data, size, out, &n, &c) ==
		    NULL) {
			if (n > size)
				abort();
			(void)ot_v1_expiry_count(&e, &c, 1800000000, "fuzz", 1);
		}
	}
	free(out);
	return 0;
}
