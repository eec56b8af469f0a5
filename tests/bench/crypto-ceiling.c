/*
 * The crypto ceiling: what the unavoidable work of one record costs with
 * OpenSSL alone (five tokens, each SHA-256, HMAC-SHA256 and AES-256-GCM
 * with contexts reused), and so how many records a second one core could
 * encrypt if ot did nothing else.  Prints "ceiling RECORDS_PER_SECOND".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#define N 200000

int main(void)
{
	static const unsigned char key[32] = "Secret-Encryption-Key-Goes-Here.";
	unsigned char digest[32], mac[32], iv[12] = { 0 }, ct[64], tag[16];
	unsigned char token[48];
	char sig[] = "DOE|JOHN|2000-01-01|980", hex[64];
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *hctx = EVP_MAC_CTX_new(hmac);
	EVP_CIPHER *gcm = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
	EVP_CIPHER_CTX *cctx = EVP_CIPHER_CTX_new();
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
		OSSL_PARAM_construct_end()
	};
	struct timespec t0, t1;
	unsigned int dl;
	size_t ml, i;
	int n, f;
	double s;

	EVP_MAC_init(hctx, (const unsigned char *)"HashingKey", 10, p);
	EVP_EncryptInit_ex2(cctx, gcm, key, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < N * 5; i++) {
		sig[0] = (char)('A' + i % 26);
		EVP_DigestInit_ex2(mctx, md, NULL);
		EVP_DigestUpdate(mctx, sig, sizeof(sig) - 1);
		EVP_DigestFinal_ex(mctx, digest, &dl);
		for (n = 0; n < 32; n++) {
			hex[2 * n] = "0123456789abcdef"[digest[n] >> 4];
			hex[2 * n + 1] = "0123456789abcdef"[digest[n] & 15];
		}
		EVP_MAC_init(hctx, NULL, 0, NULL);
		EVP_MAC_update(hctx, (unsigned char *)hex, 64);
		EVP_MAC_final(hctx, mac, &ml, sizeof(mac));
		/* the plaintext is the 44-character base64 of the HMAC */
		EVP_EncodeBlock(token, mac, 32);
		memcpy(iv, &i, sizeof(i) < 12 ? sizeof(i) : 12);
		EVP_EncryptInit_ex2(cctx, NULL, NULL, iv, NULL);
		EVP_EncryptUpdate(cctx, ct, &n, token, 44);
		EVP_EncryptFinal_ex(cctx, ct + n, &f);
		EVP_CIPHER_CTX_ctrl(cctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("ceiling %.0f\n", N / s);
	return 0;
}
