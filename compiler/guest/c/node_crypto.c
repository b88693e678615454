/*
 * native.crypto: the message digests, HMAC and PBKDF2 of node:crypto (edgebox-node
 * lib/crypto.js), written from their specifications: MD5 (RFC 1321), SHA-1 and SHA-2 (FIPS
 * 180-4), HMAC (RFC 2104), PBKDF2 (RFC 8018). Algorithm names are the canonical ones ("md5",
 * "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256"); lib/crypto.js
 * maps Node's aliases to them.
 *
 *   hashInit(name) -> handle, or null for an unknown name
 *   hmacInit(name, keyU8) -> handle, or null for an unknown name
 *   update(handle, u8 | string) -> true, or false for a finished HMAC; a string is hashed as
 *     UTF-8, lone surrogates as U+FFFD
 *   digest(handle) -> ArrayBuffer. A hash keeps its first digest and returns it again; input
 *     after it goes on from the final state, as OpenSSL's does (Node's Hash written to after
 *     digest()). A finished HMAC gives an empty digest.
 *   copy(handle) -> a new handle in the same state, not finished
 *   pbkdf2(name, passwordU8, saltU8, iterations, keylen) -> ArrayBuffer, or null for an
 *     unknown name
 */
#include <stdlib.h>
#include <string.h>

#include "edgebox_natives.h"

/* The constants as the specifications define them: MD5's T[i] = floor(2^32 * |sin(i + 1)|);
 * SHA-256's and SHA-512's K, the first 32 or 64 bits of the fractional parts of the cube roots
 * of the first 64 or 80 primes; the initial hash values, the fractional parts of the square
 * roots of the first 8 primes (SHA-256, SHA-512), of the 9th to 16th primes (SHA-384; SHA-224
 * keeps their low 32 bits), and SHA-512/t's from FIPS 180-4's IV generation function. */
static const uint32_t md5_t[64] = {
    0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu, 0xf57c0fafu, 0x4787c62au,
    0xa8304613u, 0xfd469501u, 0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu,
    0x6b901122u, 0xfd987193u, 0xa679438eu, 0x49b40821u, 0xf61e2562u, 0xc040b340u,
    0x265e5a51u, 0xe9b6c7aau, 0xd62f105du, 0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u,
    0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu, 0xa9e3e905u, 0xfcefa3f8u,
    0x676f02d9u, 0x8d2a4c8au, 0xfffa3942u, 0x8771f681u, 0x6d9d6122u, 0xfde5380cu,
    0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u, 0x289b7ec6u, 0xeaa127fau,
    0xd4ef3085u, 0x04881d05u, 0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u,
    0xf4292244u, 0x432aff97u, 0xab9423a7u, 0xfc93a039u, 0x655b59c3u, 0x8f0ccc92u,
    0xffeff47du, 0x85845dd1u, 0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u,
    0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu, 0xeb86d391u,
};
static const uint32_t sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
    0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
    0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
    0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};
static const uint64_t sha512_k[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};
static const uint32_t sha224_iv[8] = {
    0xc1059ed8u, 0x367cd507u, 0x3070dd17u, 0xf70e5939u, 0xffc00b31u, 0x68581511u,
    0x64f98fa7u, 0xbefa4fa4u,
};
static const uint32_t sha256_iv[8] = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu,
    0x1f83d9abu, 0x5be0cd19u,
};
static const uint64_t sha384_iv[8] = {
    0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
    0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
};
static const uint64_t sha512_iv[8] = {
    0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
    0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
};
static const uint64_t sha512_224_iv[8] = {
    0x8c3d37c819544da2ull, 0x73e1996689dcd4d6ull, 0x1dfab7ae32ff9c82ull, 0x679dd514582f9fcfull,
    0x0f6d2b697bd44da8ull, 0x77e36f7304c48942ull, 0x3f9d85a86a1d36c8ull, 0x1112e6ad91d692a1ull,
};
static const uint64_t sha512_256_iv[8] = {
    0x22312194fc2bf72cull, 0x9f555fa3c84c64c2ull, 0x2393b86b6f53b151ull, 0x963877195940eabdull,
    0x96283ee2a88effe3ull, 0xbe5e1e2553863992ull, 0x2b0199fc2c85b8aaull, 0x0eb72ddc81c52ca2ull,
};

#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static uint32_t load32_le(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t load32_be(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t load64_be(const uint8_t *p) {
    return (uint64_t)load32_be(p) << 32 | load32_be(p + 4);
}

static void store64_be(uint8_t *p, uint64_t v) {
    for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}

typedef struct HashAlgo HashAlgo;

typedef struct {
    const HashAlgo *algo;
    union {
        uint32_t w32[8];
        uint64_t w64[8];
    } h;
    uint64_t length; /* bytes hashed so far */
    size_t used;     /* bytes waiting in `block` */
    uint8_t block[128];
} HashState;

struct HashAlgo {
    const char *name;
    size_t block_size;
    size_t digest_size;
    int little_endian; /* MD5: the length and the digest words are little-endian */
    const void *iv;
    size_t iv_size;
    void (*compress)(HashState *s, const uint8_t *blocks, size_t count);
};

/* RFC 1321, 3.4. */
static const uint8_t md5_shift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

static void md5_compress(HashState *s, const uint8_t *p, size_t count) {
    for (; count--; p += 64) {
        uint32_t x[16];
        for (int i = 0; i < 16; i++) x[i] = load32_le(p + 4 * i);
        uint32_t a = s->h.w32[0], b = s->h.w32[1], c = s->h.w32[2], d = s->h.w32[3];
        for (int i = 0; i < 64; i++) {
            uint32_t f;
            int k;
            if (i < 16) {
                f = (b & c) | (~b & d);
                k = i;
            } else if (i < 32) {
                f = (b & d) | (c & ~d);
                k = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = b ^ c ^ d;
                k = (3 * i + 5) & 15;
            } else {
                f = c ^ (b | ~d);
                k = (7 * i) & 15;
            }
            uint32_t t = a + f + x[k] + md5_t[i];
            a = d;
            d = c;
            c = b;
            b += ROTL32(t, md5_shift[(i >> 4) * 4 + (i & 3)]);
        }
        s->h.w32[0] += a;
        s->h.w32[1] += b;
        s->h.w32[2] += c;
        s->h.w32[3] += d;
    }
}

/* FIPS 180-4, 6.1.2. The rounds are unrolled five at a time, renaming the working variables
 * instead of moving them. */
#define SHA1_ROUND(a, b, c, d, e, f, k, t)                                                \
    do {                                                                                  \
        e += ROTL32(a, 5) + (f) + (k) + w[t];                                             \
        b = ROTL32(b, 30);                                                                \
    } while (0)
#define SHA1_FIVE(f, k, t)                                                                \
    do {                                                                                  \
        SHA1_ROUND(a, b, c, d, e, f(b, c, d), k, t);                                      \
        SHA1_ROUND(e, a, b, c, d, f(a, b, c), k, t + 1);                                  \
        SHA1_ROUND(d, e, a, b, c, f(e, a, b), k, t + 2);                                  \
        SHA1_ROUND(c, d, e, a, b, f(d, e, a), k, t + 3);                                  \
        SHA1_ROUND(b, c, d, e, a, f(c, d, e), k, t + 4);                                  \
    } while (0)
#define SHA1_CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define SHA1_PARITY(x, y, z) ((x) ^ (y) ^ (z))
#define SHA1_MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))

static void sha1_compress(HashState *s, const uint8_t *p, size_t count) {
    for (; count--; p += 64) {
        uint32_t w[80];
        for (int t = 0; t < 16; t++) w[t] = load32_be(p + 4 * t);
        for (int t = 16; t < 80; t++) w[t] = ROTL32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        uint32_t a = s->h.w32[0], b = s->h.w32[1], c = s->h.w32[2], d = s->h.w32[3],
                 e = s->h.w32[4];
        for (int t = 0; t < 20; t += 5) SHA1_FIVE(SHA1_CH, 0x5a827999u, t);
        for (int t = 20; t < 40; t += 5) SHA1_FIVE(SHA1_PARITY, 0x6ed9eba1u, t);
        for (int t = 40; t < 60; t += 5) SHA1_FIVE(SHA1_MAJ, 0x8f1bbcdcu, t);
        for (int t = 60; t < 80; t += 5) SHA1_FIVE(SHA1_PARITY, 0xca62c1d6u, t);
        s->h.w32[0] += a;
        s->h.w32[1] += b;
        s->h.w32[2] += c;
        s->h.w32[3] += d;
        s->h.w32[4] += e;
    }
}

/* SHA-256's and SHA-512's rounds, unrolled eight at a time (the working variables renamed
 * instead of moved): Ch, Maj and the two Sigma functions of FIPS 180-4, 4.1.2 and 4.1.3. */
#define SHA2_ROUND(ROTR, S0a, S0b, S0c, S1a, S1b, S1c, K, a, b, c, d, e, f, g, h, t)          \
    do {                                                                                  \
        h += (ROTR(e, S1a) ^ ROTR(e, S1b) ^ ROTR(e, S1c)) + ((e & f) ^ (~e & g)) + K[t] + w[t]; \
        d += h;                                                                           \
        h += (ROTR(a, S0a) ^ ROTR(a, S0b) ^ ROTR(a, S0c)) + ((a & b) ^ (a & c) ^ (b & c));    \
    } while (0)
#define SHA2_EIGHT(R, t)                                                                  \
    do {                                                                                  \
        R(a, b, c, d, e, f, g, h, t);                                                     \
        R(h, a, b, c, d, e, f, g, t + 1);                                                 \
        R(g, h, a, b, c, d, e, f, t + 2);                                                 \
        R(f, g, h, a, b, c, d, e, t + 3);                                                 \
        R(e, f, g, h, a, b, c, d, t + 4);                                                 \
        R(d, e, f, g, h, a, b, c, t + 5);                                                 \
        R(c, d, e, f, g, h, a, b, t + 6);                                                 \
        R(b, c, d, e, f, g, h, a, t + 7);                                                 \
    } while (0)
#define SHA256_ROUND(...) SHA2_ROUND(ROTR32, 2, 13, 22, 6, 11, 25, sha256_k, __VA_ARGS__)
#define SHA512_ROUND(...) SHA2_ROUND(ROTR64, 28, 34, 39, 14, 18, 41, sha512_k, __VA_ARGS__)

/* FIPS 180-4, 6.2.2 (SHA-224 is SHA-256 with another IV, truncated). */
static void sha256_compress(HashState *s, const uint8_t *p, size_t count) {
    for (; count--; p += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) w[t] = load32_be(p + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = ROTR32(w[t - 15], 7) ^ ROTR32(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = ROTR32(w[t - 2], 17) ^ ROTR32(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = s->h.w32[0], b = s->h.w32[1], c = s->h.w32[2], d = s->h.w32[3],
                 e = s->h.w32[4], f = s->h.w32[5], g = s->h.w32[6], h = s->h.w32[7];
        for (int t = 0; t < 64; t += 8) SHA2_EIGHT(SHA256_ROUND, t);
        s->h.w32[0] += a;
        s->h.w32[1] += b;
        s->h.w32[2] += c;
        s->h.w32[3] += d;
        s->h.w32[4] += e;
        s->h.w32[5] += f;
        s->h.w32[6] += g;
        s->h.w32[7] += h;
    }
}

/* FIPS 180-4, 6.4.2 (SHA-384 and SHA-512/t are SHA-512 with other IVs, truncated). */
static void sha512_compress(HashState *s, const uint8_t *p, size_t count) {
    for (; count--; p += 128) {
        uint64_t w[80];
        for (int t = 0; t < 16; t++) w[t] = load64_be(p + 8 * t);
        for (int t = 16; t < 80; t++) {
            uint64_t s0 = ROTR64(w[t - 15], 1) ^ ROTR64(w[t - 15], 8) ^ (w[t - 15] >> 7);
            uint64_t s1 = ROTR64(w[t - 2], 19) ^ ROTR64(w[t - 2], 61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint64_t a = s->h.w64[0], b = s->h.w64[1], c = s->h.w64[2], d = s->h.w64[3],
                 e = s->h.w64[4], f = s->h.w64[5], g = s->h.w64[6], h = s->h.w64[7];
        for (int t = 0; t < 80; t += 8) SHA2_EIGHT(SHA512_ROUND, t);
        s->h.w64[0] += a;
        s->h.w64[1] += b;
        s->h.w64[2] += c;
        s->h.w64[3] += d;
        s->h.w64[4] += e;
        s->h.w64[5] += f;
        s->h.w64[6] += g;
        s->h.w64[7] += h;
    }
}

static const uint32_t md5_iv[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
static const uint32_t sha1_iv[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u,
                                    0xc3d2e1f0u};

static const HashAlgo algos[] = {
    {"md5", 64, 16, 1, md5_iv, sizeof md5_iv, md5_compress},
    {"sha1", 64, 20, 0, sha1_iv, sizeof sha1_iv, sha1_compress},
    {"sha224", 64, 28, 0, sha224_iv, sizeof sha224_iv, sha256_compress},
    {"sha256", 64, 32, 0, sha256_iv, sizeof sha256_iv, sha256_compress},
    {"sha384", 128, 48, 0, sha384_iv, sizeof sha384_iv, sha512_compress},
    {"sha512", 128, 64, 0, sha512_iv, sizeof sha512_iv, sha512_compress},
    {"sha512-224", 128, 28, 0, sha512_224_iv, sizeof sha512_224_iv, sha512_compress},
    {"sha512-256", 128, 32, 0, sha512_256_iv, sizeof sha512_256_iv, sha512_compress},
};

static const HashAlgo *find_algo(const char *name) {
    for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++)
        if (strcmp(algos[i].name, name) == 0) return &algos[i];
    return NULL;
}

static void hash_init(HashState *s, const HashAlgo *algo) {
    memset(s, 0, sizeof *s);
    s->algo = algo;
    memcpy(&s->h, algo->iv, algo->iv_size);
}

static void hash_update(HashState *s, const uint8_t *data, size_t size) {
    size_t block_size = s->algo->block_size;
    s->length += size;
    if (s->used) {
        size_t take = block_size - s->used;
        if (take > size) take = size;
        memcpy(s->block + s->used, data, take);
        s->used += take;
        data += take;
        size -= take;
        if (s->used < block_size) return;
        s->algo->compress(s, s->block, 1);
        s->used = 0;
    }
    size_t blocks = size / block_size;
    if (blocks) {
        s->algo->compress(s, data, blocks);
        data += blocks * block_size;
        size -= blocks * block_size;
    }
    memcpy(s->block, data, size);
    s->used = size;
}

/* Pads the message (a 1 bit, zeros, the length in bits) and writes the digest to `out`. The
 * state can take more input, which goes on from the final chaining value with the length so
 * far, as OpenSSL's does: its MD5, SHA-1 and SHA-256 start from an empty block, its SHA-512
 * keeps the count of pending bytes over the block it compressed last. */
static void hash_final(HashState *s, uint8_t *out) {
    const HashAlgo *algo = s->algo;
    size_t block_size = algo->block_size, length_size = block_size / 8;
    uint64_t bits = s->length << 3;
    size_t pending = s->used;
    s->block[s->used++] = 0x80;
    if (s->used > block_size - length_size) {
        memset(s->block + s->used, 0, block_size - s->used);
        algo->compress(s, s->block, 1);
        s->used = 0;
    }
    memset(s->block + s->used, 0, block_size - s->used);
    if (algo->little_endian) {
        for (int i = 0; i < 8; i++) s->block[56 + i] = (uint8_t)(bits >> (8 * i));
    } else {
        store64_be(s->block + block_size - 8, bits);
        if (length_size == 16) store64_be(s->block + block_size - 16, s->length >> 61);
    }
    algo->compress(s, s->block, 1);
    s->used = block_size == 128 ? pending : 0;
    uint8_t full[64];
    if (block_size == 128) {
        for (int i = 0; i < 8; i++) store64_be(full + 8 * i, s->h.w64[i]);
    } else {
        for (int i = 0; i < 8; i++) {
            uint32_t w = s->h.w32[i];
            for (int j = 0; j < 4; j++)
                full[4 * i + j] = (uint8_t)(algo->little_endian ? w >> (8 * j) : w >> (24 - 8 * j));
        }
    }
    memcpy(out, full, algo->digest_size);
}

/* HMAC (RFC 2104): `inner` hashes (K ^ ipad) || message, `outer` starts with K ^ opad. */
typedef struct {
    HashState inner;
    HashState outer;
    int hmac;
    int finished;
    uint8_t digest[64]; /* a finished hash's digest */
} Handle;

static void hmac_init(Handle *h, const HashAlgo *algo, const uint8_t *key, size_t key_size) {
    uint8_t block[128] = {0};
    size_t block_size = algo->block_size;
    if (key_size > block_size) {
        HashState s;
        hash_init(&s, algo);
        hash_update(&s, key, key_size);
        hash_final(&s, block);
    } else {
        memcpy(block, key, key_size);
    }
    for (size_t i = 0; i < block_size; i++) block[i] ^= 0x36;
    hash_init(&h->inner, algo);
    hash_update(&h->inner, block, block_size);
    for (size_t i = 0; i < block_size; i++) block[i] ^= 0x36 ^ 0x5c;
    hash_init(&h->outer, algo);
    hash_update(&h->outer, block, block_size);
    h->hmac = 1;
}

/* The digest of a handle not finished (PBKDF2's handles never are). */
static void handle_final(Handle *h, uint8_t *out) {
    hash_final(&h->inner, out);
    if (h->hmac) {
        hash_update(&h->outer, out, h->inner.algo->digest_size);
        hash_final(&h->outer, out);
    }
}

static JSClassID handle_class;

static void handle_finalizer(JSRuntime *rt, JSValueConst val) {
    js_free_rt(rt, JS_GetOpaque(val, handle_class));
}

static const JSClassDef handle_class_def = {"Hash", .finalizer = handle_finalizer};

static JSValue new_handle(JSContext *ctx, Handle **out) {
    JSValue obj = JS_NewObjectClass(ctx, handle_class);
    if (JS_IsException(obj)) return obj;
    Handle *h = js_mallocz(ctx, sizeof *h);
    if (!h) {
        JS_FreeValue(ctx, obj);
        return JS_EXCEPTION;
    }
    JS_SetOpaque(obj, h);
    *out = h;
    return obj;
}


/* The algorithm `value` names; NULL if it names none (*failed set on an exception). */
static const HashAlgo *algo_arg(JSContext *ctx, JSValueConst value, int *failed) {
    const char *name = JS_ToCString(ctx, value);
    *failed = name == NULL;
    if (!name) return NULL;
    const HashAlgo *algo = find_algo(name);
    JS_FreeCString(ctx, name);
    return algo;
}

static JSValue crypto_hash_init(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
    int failed;
    const HashAlgo *algo = algo_arg(ctx, argc > 0 ? argv[0] : JS_UNDEFINED, &failed);
    if (!algo) return failed ? JS_EXCEPTION : JS_NULL;
    Handle *h;
    JSValue obj = new_handle(ctx, &h);
    if (!JS_IsException(obj)) hash_init(&h->inner, algo);
    return obj;
}

static JSValue crypto_hmac_init(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
    if (argc < 2) return JS_ThrowTypeError(ctx, "hmacInit(name, key)");
    int failed;
    const HashAlgo *algo = algo_arg(ctx, argv[0], &failed);
    if (!algo) return failed ? JS_EXCEPTION : JS_NULL;
    size_t key_size;
    const uint8_t *key = JS_GetUint8Array(ctx, &key_size, argv[1]);
    if (!key) return JS_EXCEPTION;
    Handle *h;
    JSValue obj = new_handle(ctx, &h);
    if (!JS_IsException(obj)) hmac_init(h, algo, key, key_size);
    return obj;
}

/* Hashes QuickJS's UTF-8 of a string (WTF-8: a lone surrogate is ED A0..BF 80..BF) with each
 * lone surrogate as U+FFFD, as Buffer.from(string) has it. */
static void hash_update_wtf8(HashState *s, const uint8_t *text, size_t size) {
    static const uint8_t replacement[3] = {0xef, 0xbf, 0xbd};
    size_t start = 0;
    for (size_t i = 0; i + 2 < size; i++) {
        if (text[i] == 0xed && text[i + 1] >= 0xa0) {
            hash_update(s, text + start, i - start);
            hash_update(s, replacement, 3);
            i += 2;
            start = i + 1;
        }
    }
    hash_update(s, text + start, size - start);
}

static JSValue crypto_update(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    if (argc < 2) return JS_ThrowTypeError(ctx, "update(handle, u8)");
    Handle *h = JS_GetOpaque2(ctx, argv[0], handle_class);
    if (!h) return JS_EXCEPTION;
    size_t size;
    if (JS_IsString(argv[1])) {
        const char *text = JS_ToCStringLen2(ctx, &size, argv[1], false);
        if (!text) return JS_EXCEPTION;
        if (!(h->hmac && h->finished)) hash_update_wtf8(&h->inner, (const uint8_t *)text, size);
        JS_FreeCString(ctx, text);
    } else {
        const uint8_t *data = JS_GetUint8Array(ctx, &size, argv[1]);
        if (!data) return JS_EXCEPTION;
        if (!(h->hmac && h->finished)) hash_update(&h->inner, data, size);
    }
    return JS_NewBool(ctx, !(h->hmac && h->finished));
}

static JSValue crypto_digest(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    Handle *h = JS_GetOpaque2(ctx, argc > 0 ? argv[0] : JS_UNDEFINED, handle_class);
    if (!h) return JS_EXCEPTION;
    if (!h->finished) {
        handle_final(h, h->digest);
        h->finished = 1;
    } else if (h->hmac) {
        return JS_NewArrayBufferCopy(ctx, h->digest, 0);
    }
    return JS_NewArrayBufferCopy(ctx, h->digest, h->inner.algo->digest_size);
}

static JSValue crypto_copy(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    Handle *h = JS_GetOpaque2(ctx, argc > 0 ? argv[0] : JS_UNDEFINED, handle_class);
    if (!h) return JS_EXCEPTION;
    Handle *copy;
    JSValue obj = new_handle(ctx, &copy);
    if (!JS_IsException(obj)) {
        *copy = *h;
        copy->finished = 0;
    }
    return obj;
}

/* PBKDF2 (RFC 8018, 5.2) with HMAC over the named hash. */
static JSValue crypto_pbkdf2(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    if (argc < 5) return JS_ThrowTypeError(ctx, "pbkdf2(name, password, salt, iterations, keylen)");
    int failed;
    const HashAlgo *algo = algo_arg(ctx, argv[0], &failed);
    if (!algo) return failed ? JS_EXCEPTION : JS_NULL;
    size_t password_size, salt_size;
    const uint8_t *password = JS_GetUint8Array(ctx, &password_size, argv[1]);
    if (!password) return JS_EXCEPTION;
    const uint8_t *salt = JS_GetUint8Array(ctx, &salt_size, argv[2]);
    if (!salt) return JS_EXCEPTION;
    int32_t iterations, keylen;
    if (JS_ToInt32(ctx, &iterations, argv[3]) || JS_ToInt32(ctx, &keylen, argv[4]))
        return JS_EXCEPTION;
    if (iterations < 1 || keylen < 0) return JS_ThrowRangeError(ctx, "pbkdf2: bad arguments");
    uint8_t *key = js_malloc(ctx, keylen ? (size_t)keylen : 1);
    if (!key) return JS_EXCEPTION;
    Handle keyed;
    hmac_init(&keyed, algo, password, password_size);
    size_t digest_size = algo->digest_size;
    for (uint32_t block = 1, done = 0; done < (uint32_t)keylen; block++) {
        uint8_t index[4] = {(uint8_t)(block >> 24), (uint8_t)(block >> 16), (uint8_t)(block >> 8),
                            (uint8_t)block};
        uint8_t u[64], t[64];
        Handle h = keyed;
        hash_update(&h.inner, salt, salt_size);
        hash_update(&h.inner, index, 4);
        handle_final(&h, u);
        memcpy(t, u, digest_size);
        for (int32_t i = 1; i < iterations; i++) {
            h = keyed;
            hash_update(&h.inner, u, digest_size);
            handle_final(&h, u);
            for (size_t j = 0; j < digest_size; j++) t[j] ^= u[j];
        }
        size_t take = (uint32_t)keylen - done < digest_size ? (uint32_t)keylen - done : digest_size;
        memcpy(key + done, t, take);
        done += (uint32_t)take;
    }
    JSValue result = JS_NewArrayBufferCopy(ctx, key, (size_t)keylen);
    js_free(ctx, key);
    return result;
}

static const JSCFunctionListEntry crypto_functions[] = {
    JS_CFUNC_DEF("hashInit", 1, crypto_hash_init),
    JS_CFUNC_DEF("hmacInit", 2, crypto_hmac_init),
    JS_CFUNC_DEF("update", 2, crypto_update),
    JS_CFUNC_DEF("digest", 1, crypto_digest),
    JS_CFUNC_DEF("copy", 1, crypto_copy),
    JS_CFUNC_DEF("pbkdf2", 5, crypto_pbkdf2),
};

void edgebox_crypto_install(JSContext *ctx, JSValueConst native) {
    JSRuntime *rt = JS_GetRuntime(ctx);
    JS_NewClassID(rt, &handle_class);
    JS_NewClass(rt, handle_class, &handle_class_def);
    JSValue crypto = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, crypto, crypto_functions,
                               sizeof crypto_functions / sizeof crypto_functions[0]);
    JS_SetPropertyStr(ctx, native, "crypto", crypto);
}
