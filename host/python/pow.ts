// pow(x, y) for doubles, bit for bit as memsim's core computes it at run time.
//
// The core's float `**` (and int ** negative int) is AssemblyScript's
// Math.pow (NativeMath.pow, node_modules/assemblyscript/std/assembly/math.ts)
// and with this project's release build (asconfig.json: shrinkLevel 0,
// ASC_SHRINK_LEVEL < 1) that is a few fast paths followed by `pow_lut`
// (std/assembly/util/math.ts), AssemblyScript's port of musl's pow.c, itself
// ARM's optimized-routines pow: log(x) to about 68 bits from a 128-entry
// table, times y, then exp from a second 128-entry table, about 0.52 ULP. The
// front end folds constant expressions as CPython's AST optimizer does
// (fold.ts), and a folded pow must give the bits the core's run-time pow
// gives for the same operands: JavaScript's `**` (V8's own pow) differs from
// it in the last bit for about 1 input in 10. glibc's pow is the same
// algorithm, so this also agrees with CPython on Linux in all but rare cases
// (glibc may use its FMA variant, which rounds differently).
//
// Ported from AssemblyScript 0.28 (std/assembly/math.ts NativeMath.pow and
// std/assembly/util/math.ts pow_lut, log_inline, exp_inline, specialcase,
// checkint, zeroinfnan, xflow/uflow/oflow, POW_LOG_DATA_TAB, EXP_DATA_TAB),
// keeping its operations in the same order (Wasm, like JavaScript, has no
// fused multiply-add, so every step rounds the same way). u64 values are
// BigInts wrapped to 64 bits where the original relies on unsigned wrap-around.
// AssemblyScript's changes to musl are kept: 1 ** NaN, 1 ** ±inf and
// (-1) ** ±inf are NaN (JavaScript's semantics), not 1. NaN payloads are not
// reproduced (JavaScript does not preserve them).
//
// Licenses, as AssemblyScript's NOTICE gives them for this code:
// - AssemblyScript: Copyright (c) the AssemblyScript authors, Apache License 2.0
//   (https://www.apache.org/licenses/LICENSE-2.0)
// - musl libc (http://www.musl-libc.org): Copyright (c) Rich Felker, et al.,
//   The MIT License (https://opensource.org/licenses/MIT)
// - Arm Optimized Routines (https://github.com/ARM-software/optimized-routines):
//   Copyright (c) Arm Limited, The MIT License (https://opensource.org/licenses/MIT)

// Reinterpret casts between f64 and u64.
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
function asU64(x: number): bigint {
  F64[0] = x;
  return U64[0];
}
/** The double whose bits are `b` mod 2^64. */
function asF64(b: bigint): number {
  U64[0] = b; // BigUint64Array stores b mod 2^64
  return F64[0];
}
/** u64 arithmetic's wrap-around. */
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** A u64 read as i64. */
const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

//
// Lookup data for pow. See: https://git.musl-libc.org/cgit/musl/tree/src/math/pow.c
//

const POW_LOG_TABLE_BITS = 7n;

/* Algorithm:

  x = 2^k z
  log(x) = k ln2 + log(c) + log(z/c)
  log(z/c) = poly(z/c - 1)

where z is in [0x1.69555p-1; 0x1.69555p0] which is split into N subintervals
and z falls into the ith one, then table entries are computed as

  tab[i].invc = 1/c
  tab[i].logc = round(0x1p43*log(c))/0x1p43
  tab[i].logctail = (double)(log(c) - logc)

where c is chosen near the center of the subinterval such that 1/c has only a
few precision bits so z/c - 1 is exactly representible as double:

  1/c = center < 1 ? round(N/center)/N : round(2*N/center)/N/2

Note: |z/c - 1| < 1/N for the chosen c, |log(c) - logc - logctail| < 0x1p-97,
the last few bits of logc are rounded away so k*ln2hi + logc has no rounding
error and the interval for z is selected such that near x == 1, where log(x)
is tiny, large cancellation error is avoided in logc + poly(z/c - 1). */

// (bit patterns, read as doubles through POW_LOG_DATA_F64)
const POW_LOG_DATA_TAB = new BigUint64Array([
  //      invc      ,pad,       logc       ,       logctail
  0x3FF6A00000000000n, 0n, 0xBFD62C82F2B9C800n, 0x3CFAB42428375680n,
  0x3FF6800000000000n, 0n, 0xBFD5D1BDBF580800n, 0xBD1CA508D8E0F720n,
  0x3FF6600000000000n, 0n, 0xBFD5767717455800n, 0xBD2362A4D5B6506Dn,
  0x3FF6400000000000n, 0n, 0xBFD51AAD872DF800n, 0xBCE684E49EB067D5n,
  0x3FF6200000000000n, 0n, 0xBFD4BE5F95777800n, 0xBD041B6993293EE0n,
  0x3FF6000000000000n, 0n, 0xBFD4618BC21C6000n, 0x3D13D82F484C84CCn,
  0x3FF5E00000000000n, 0n, 0xBFD404308686A800n, 0x3CDC42F3ED820B3An,
  0x3FF5C00000000000n, 0n, 0xBFD3A64C55694800n, 0x3D20B1C686519460n,
  0x3FF5A00000000000n, 0n, 0xBFD347DD9A988000n, 0x3D25594DD4C58092n,
  0x3FF5800000000000n, 0n, 0xBFD2E8E2BAE12000n, 0x3D267B1E99B72BD8n,
  0x3FF5600000000000n, 0n, 0xBFD2895A13DE8800n, 0x3D15CA14B6CFB03Fn,
  0x3FF5600000000000n, 0n, 0xBFD2895A13DE8800n, 0x3D15CA14B6CFB03Fn,
  0x3FF5400000000000n, 0n, 0xBFD22941FBCF7800n, 0xBD165A242853DA76n,
  0x3FF5200000000000n, 0n, 0xBFD1C898C1699800n, 0xBD1FAFBC68E75404n,
  0x3FF5000000000000n, 0n, 0xBFD1675CABABA800n, 0x3D1F1FC63382A8F0n,
  0x3FF4E00000000000n, 0n, 0xBFD1058BF9AE4800n, 0xBD26A8C4FD055A66n,
  0x3FF4C00000000000n, 0n, 0xBFD0A324E2739000n, 0xBD0C6BEE7EF4030En,
  0x3FF4A00000000000n, 0n, 0xBFD0402594B4D000n, 0xBCF036B89EF42D7Fn,
  0x3FF4A00000000000n, 0n, 0xBFD0402594B4D000n, 0xBCF036B89EF42D7Fn,
  0x3FF4800000000000n, 0n, 0xBFCFB9186D5E4000n, 0x3D0D572AAB993C87n,
  0x3FF4600000000000n, 0n, 0xBFCEF0ADCBDC6000n, 0x3D2B26B79C86AF24n,
  0x3FF4400000000000n, 0n, 0xBFCE27076E2AF000n, 0xBD172F4F543FFF10n,
  0x3FF4200000000000n, 0n, 0xBFCD5C216B4FC000n, 0x3D21BA91BBCA681Bn,
  0x3FF4000000000000n, 0n, 0xBFCC8FF7C79AA000n, 0x3D27794F689F8434n,
  0x3FF4000000000000n, 0n, 0xBFCC8FF7C79AA000n, 0x3D27794F689F8434n,
  0x3FF3E00000000000n, 0n, 0xBFCBC286742D9000n, 0x3D194EB0318BB78Fn,
  0x3FF3C00000000000n, 0n, 0xBFCAF3C94E80C000n, 0x3CBA4E633FCD9066n,
  0x3FF3A00000000000n, 0n, 0xBFCA23BC1FE2B000n, 0xBD258C64DC46C1EAn,
  0x3FF3A00000000000n, 0n, 0xBFCA23BC1FE2B000n, 0xBD258C64DC46C1EAn,
  0x3FF3800000000000n, 0n, 0xBFC9525A9CF45000n, 0xBD2AD1D904C1D4E3n,
  0x3FF3600000000000n, 0n, 0xBFC87FA06520D000n, 0x3D2BBDBF7FDBFA09n,
  0x3FF3400000000000n, 0n, 0xBFC7AB890210E000n, 0x3D2BDB9072534A58n,
  0x3FF3400000000000n, 0n, 0xBFC7AB890210E000n, 0x3D2BDB9072534A58n,
  0x3FF3200000000000n, 0n, 0xBFC6D60FE719D000n, 0xBD10E46AA3B2E266n,
  0x3FF3000000000000n, 0n, 0xBFC5FF3070A79000n, 0xBD1E9E439F105039n,
  0x3FF3000000000000n, 0n, 0xBFC5FF3070A79000n, 0xBD1E9E439F105039n,
  0x3FF2E00000000000n, 0n, 0xBFC526E5E3A1B000n, 0xBD20DE8B90075B8Fn,
  0x3FF2C00000000000n, 0n, 0xBFC44D2B6CCB8000n, 0x3D170CC16135783Cn,
  0x3FF2C00000000000n, 0n, 0xBFC44D2B6CCB8000n, 0x3D170CC16135783Cn,
  0x3FF2A00000000000n, 0n, 0xBFC371FC201E9000n, 0x3CF178864D27543An,
  0x3FF2800000000000n, 0n, 0xBFC29552F81FF000n, 0xBD248D301771C408n,
  0x3FF2600000000000n, 0n, 0xBFC1B72AD52F6000n, 0xBD2E80A41811A396n,
  0x3FF2600000000000n, 0n, 0xBFC1B72AD52F6000n, 0xBD2E80A41811A396n,
  0x3FF2400000000000n, 0n, 0xBFC0D77E7CD09000n, 0x3D0A699688E85BF4n,
  0x3FF2400000000000n, 0n, 0xBFC0D77E7CD09000n, 0x3D0A699688E85BF4n,
  0x3FF2200000000000n, 0n, 0xBFBFEC9131DBE000n, 0xBD2575545CA333F2n,
  0x3FF2000000000000n, 0n, 0xBFBE27076E2B0000n, 0x3D2A342C2AF0003Cn,
  0x3FF2000000000000n, 0n, 0xBFBE27076E2B0000n, 0x3D2A342C2AF0003Cn,
  0x3FF1E00000000000n, 0n, 0xBFBC5E548F5BC000n, 0xBD1D0C57585FBE06n,
  0x3FF1C00000000000n, 0n, 0xBFBA926D3A4AE000n, 0x3D253935E85BAAC8n,
  0x3FF1C00000000000n, 0n, 0xBFBA926D3A4AE000n, 0x3D253935E85BAAC8n,
  0x3FF1A00000000000n, 0n, 0xBFB8C345D631A000n, 0x3D137C294D2F5668n,
  0x3FF1A00000000000n, 0n, 0xBFB8C345D631A000n, 0x3D137C294D2F5668n,
  0x3FF1800000000000n, 0n, 0xBFB6F0D28AE56000n, 0xBD269737C93373DAn,
  0x3FF1600000000000n, 0n, 0xBFB51B073F062000n, 0x3D1F025B61C65E57n,
  0x3FF1600000000000n, 0n, 0xBFB51B073F062000n, 0x3D1F025B61C65E57n,
  0x3FF1400000000000n, 0n, 0xBFB341D7961BE000n, 0x3D2C5EDACCF913DFn,
  0x3FF1400000000000n, 0n, 0xBFB341D7961BE000n, 0x3D2C5EDACCF913DFn,
  0x3FF1200000000000n, 0n, 0xBFB16536EEA38000n, 0x3D147C5E768FA309n,
  0x3FF1000000000000n, 0n, 0xBFAF0A30C0118000n, 0x3D2D599E83368E91n,
  0x3FF1000000000000n, 0n, 0xBFAF0A30C0118000n, 0x3D2D599E83368E91n,
  0x3FF0E00000000000n, 0n, 0xBFAB42DD71198000n, 0x3D1C827AE5D6704Cn,
  0x3FF0E00000000000n, 0n, 0xBFAB42DD71198000n, 0x3D1C827AE5D6704Cn,
  0x3FF0C00000000000n, 0n, 0xBFA77458F632C000n, 0xBD2CFC4634F2A1EEn,
  0x3FF0C00000000000n, 0n, 0xBFA77458F632C000n, 0xBD2CFC4634F2A1EEn,
  0x3FF0A00000000000n, 0n, 0xBFA39E87B9FEC000n, 0x3CF502B7F526FEAAn,
  0x3FF0A00000000000n, 0n, 0xBFA39E87B9FEC000n, 0x3CF502B7F526FEAAn,
  0x3FF0800000000000n, 0n, 0xBF9F829B0E780000n, 0xBD2980267C7E09E4n,
  0x3FF0800000000000n, 0n, 0xBF9F829B0E780000n, 0xBD2980267C7E09E4n,
  0x3FF0600000000000n, 0n, 0xBF97B91B07D58000n, 0xBD288D5493FAA639n,
  0x3FF0400000000000n, 0n, 0xBF8FC0A8B0FC0000n, 0xBCDF1E7CF6D3A69Cn,
  0x3FF0400000000000n, 0n, 0xBF8FC0A8B0FC0000n, 0xBCDF1E7CF6D3A69Cn,
  0x3FF0200000000000n, 0n, 0xBF7FE02A6B100000n, 0xBD19E23F0DDA40E4n,
  0x3FF0200000000000n, 0n, 0xBF7FE02A6B100000n, 0xBD19E23F0DDA40E4n,
  0x3FF0000000000000n, 0n, 0n, 0n,
  0x3FF0000000000000n, 0n, 0n, 0n,
  0x3FEFC00000000000n, 0n, 0x3F80101575890000n, 0xBD10C76B999D2BE8n,
  0x3FEF800000000000n, 0n, 0x3F90205658938000n, 0xBD23DC5B06E2F7D2n,
  0x3FEF400000000000n, 0n, 0x3F98492528C90000n, 0xBD2AA0BA325A0C34n,
  0x3FEF000000000000n, 0n, 0x3FA0415D89E74000n, 0x3D0111C05CF1D753n,
  0x3FEEC00000000000n, 0n, 0x3FA466AED42E0000n, 0xBD2C167375BDFD28n,
  0x3FEE800000000000n, 0n, 0x3FA894AA149FC000n, 0xBD197995D05A267Dn,
  0x3FEE400000000000n, 0n, 0x3FACCB73CDDDC000n, 0xBD1A68F247D82807n,
  0x3FEE200000000000n, 0n, 0x3FAEEA31C006C000n, 0xBD0E113E4FC93B7Bn,
  0x3FEDE00000000000n, 0n, 0x3FB1973BD1466000n, 0xBD25325D560D9E9Bn,
  0x3FEDA00000000000n, 0n, 0x3FB3BDF5A7D1E000n, 0x3D2CC85EA5DB4ED7n,
  0x3FED600000000000n, 0n, 0x3FB5E95A4D97A000n, 0xBD2C69063C5D1D1En,
  0x3FED400000000000n, 0n, 0x3FB700D30AEAC000n, 0x3CEC1E8DA99DED32n,
  0x3FED000000000000n, 0n, 0x3FB9335E5D594000n, 0x3D23115C3ABD47DAn,
  0x3FECC00000000000n, 0n, 0x3FBB6AC88DAD6000n, 0xBD1390802BF768E5n,
  0x3FECA00000000000n, 0n, 0x3FBC885801BC4000n, 0x3D2646D1C65AACD3n,
  0x3FEC600000000000n, 0n, 0x3FBEC739830A2000n, 0xBD2DC068AFE645E0n,
  0x3FEC400000000000n, 0n, 0x3FBFE89139DBE000n, 0xBD2534D64FA10AFDn,
  0x3FEC000000000000n, 0n, 0x3FC1178E8227E000n, 0x3D21EF78CE2D07F2n,
  0x3FEBE00000000000n, 0n, 0x3FC1AA2B7E23F000n, 0x3D2CA78E44389934n,
  0x3FEBA00000000000n, 0n, 0x3FC2D1610C868000n, 0x3D039D6CCB81B4A1n,
  0x3FEB800000000000n, 0n, 0x3FC365FCB0159000n, 0x3CC62FA8234B7289n,
  0x3FEB400000000000n, 0n, 0x3FC4913D8333B000n, 0x3D25837954FDB678n,
  0x3FEB200000000000n, 0n, 0x3FC527E5E4A1B000n, 0x3D2633E8E5697DC7n,
  0x3FEAE00000000000n, 0n, 0x3FC6574EBE8C1000n, 0x3D19CF8B2C3C2E78n,
  0x3FEAC00000000000n, 0n, 0x3FC6F0128B757000n, 0xBD25118DE59C21E1n,
  0x3FEAA00000000000n, 0n, 0x3FC7898D85445000n, 0xBD1C661070914305n,
  0x3FEA600000000000n, 0n, 0x3FC8BEAFEB390000n, 0xBD073D54AAE92CD1n,
  0x3FEA400000000000n, 0n, 0x3FC95A5ADCF70000n, 0x3D07F22858A0FF6Fn,
  0x3FEA000000000000n, 0n, 0x3FCA93ED3C8AE000n, 0xBD28724350562169n,
  0x3FE9E00000000000n, 0n, 0x3FCB31D8575BD000n, 0xBD0C358D4EACE1AAn,
  0x3FE9C00000000000n, 0n, 0x3FCBD087383BE000n, 0xBD2D4BC4595412B6n,
  0x3FE9A00000000000n, 0n, 0x3FCC6FFBC6F01000n, 0xBCF1EC72C5962BD2n,
  0x3FE9600000000000n, 0n, 0x3FCDB13DB0D49000n, 0xBD2AFF2AF715B035n,
  0x3FE9400000000000n, 0n, 0x3FCE530EFFE71000n, 0x3CC212276041F430n,
  0x3FE9200000000000n, 0n, 0x3FCEF5ADE4DD0000n, 0xBCCA211565BB8E11n,
  0x3FE9000000000000n, 0n, 0x3FCF991C6CB3B000n, 0x3D1BCBECCA0CDF30n,
  0x3FE8C00000000000n, 0n, 0x3FD07138604D5800n, 0x3CF89CDB16ED4E91n,
  0x3FE8A00000000000n, 0n, 0x3FD0C42D67616000n, 0x3D27188B163CEAE9n,
  0x3FE8800000000000n, 0n, 0x3FD1178E8227E800n, 0xBD2C210E63A5F01Cn,
  0x3FE8600000000000n, 0n, 0x3FD16B5CCBACF800n, 0x3D2B9ACDF7A51681n,
  0x3FE8400000000000n, 0n, 0x3FD1BF99635A6800n, 0x3D2CA6ED5147BDB7n,
  0x3FE8200000000000n, 0n, 0x3FD214456D0EB800n, 0x3D0A87DEBA46BAEAn,
  0x3FE7E00000000000n, 0n, 0x3FD2BEF07CDC9000n, 0x3D2A9CFA4A5004F4n,
  0x3FE7C00000000000n, 0n, 0x3FD314F1E1D36000n, 0xBD28E27AD3213CB8n,
  0x3FE7A00000000000n, 0n, 0x3FD36B6776BE1000n, 0x3D116ECDB0F177C8n,
  0x3FE7800000000000n, 0n, 0x3FD3C25277333000n, 0x3D183B54B606BD5Cn,
  0x3FE7600000000000n, 0n, 0x3FD419B423D5E800n, 0x3D08E436EC90E09Dn,
  0x3FE7400000000000n, 0n, 0x3FD4718DC271C800n, 0xBD2F27CE0967D675n,
  0x3FE7200000000000n, 0n, 0x3FD4C9E09E173000n, 0xBD2E20891B0AD8A4n,
  0x3FE7000000000000n, 0n, 0x3FD522AE0738A000n, 0x3D2EBE708164C759n,
  0x3FE6E00000000000n, 0n, 0x3FD57BF753C8D000n, 0x3D1FADEDEE5D40EFn,
  0x3FE6C00000000000n, 0n, 0x3FD5D5BDDF596000n, 0xBD0A0B2A08A465DCn
]);
const POW_LOG_DATA_F64 = new Float64Array(POW_LOG_DATA_TAB.buffer);

//
// Lookup data for exp. See: https://git.musl-libc.org/cgit/musl/tree/src/math/exp.c
//

const EXP_TABLE_BITS = 7n;

// pairs (tail, sbits): 2^(k/N) ~= asF64(sbits) * (1 + tail)
const EXP_DATA_TAB = new BigUint64Array([
  0x0000000000000000n, 0x3FF0000000000000n,
  0x3C9B3B4F1A88BF6En, 0x3FEFF63DA9FB3335n,
  0xBC7160139CD8DC5Dn, 0x3FEFEC9A3E778061n,
  0xBC905E7A108766D1n, 0x3FEFE315E86E7F85n,
  0x3C8CD2523567F613n, 0x3FEFD9B0D3158574n,
  0xBC8BCE8023F98EFAn, 0x3FEFD06B29DDF6DEn,
  0x3C60F74E61E6C861n, 0x3FEFC74518759BC8n,
  0x3C90A3E45B33D399n, 0x3FEFBE3ECAC6F383n,
  0x3C979AA65D837B6Dn, 0x3FEFB5586CF9890Fn,
  0x3C8EB51A92FDEFFCn, 0x3FEFAC922B7247F7n,
  0x3C3EBE3D702F9CD1n, 0x3FEFA3EC32D3D1A2n,
  0xBC6A033489906E0Bn, 0x3FEF9B66AFFED31Bn,
  0xBC9556522A2FBD0En, 0x3FEF9301D0125B51n,
  0xBC5080EF8C4EEA55n, 0x3FEF8ABDC06C31CCn,
  0xBC91C923B9D5F416n, 0x3FEF829AAEA92DE0n,
  0x3C80D3E3E95C55AFn, 0x3FEF7A98C8A58E51n,
  0xBC801B15EAA59348n, 0x3FEF72B83C7D517Bn,
  0xBC8F1FF055DE323Dn, 0x3FEF6AF9388C8DEAn,
  0x3C8B898C3F1353BFn, 0x3FEF635BEB6FCB75n,
  0xBC96D99C7611EB26n, 0x3FEF5BE084045CD4n,
  0x3C9AECF73E3A2F60n, 0x3FEF54873168B9AAn,
  0xBC8FE782CB86389Dn, 0x3FEF4D5022FCD91Dn,
  0x3C8A6F4144A6C38Dn, 0x3FEF463B88628CD6n,
  0x3C807A05B0E4047Dn, 0x3FEF3F49917DDC96n,
  0x3C968EFDE3A8A894n, 0x3FEF387A6E756238n,
  0x3C875E18F274487Dn, 0x3FEF31CE4FB2A63Fn,
  0x3C80472B981FE7F2n, 0x3FEF2B4565E27CDDn,
  0xBC96B87B3F71085En, 0x3FEF24DFE1F56381n,
  0x3C82F7E16D09AB31n, 0x3FEF1E9DF51FDEE1n,
  0xBC3D219B1A6FBFFAn, 0x3FEF187FD0DAD990n,
  0x3C8B3782720C0AB4n, 0x3FEF1285A6E4030Bn,
  0x3C6E149289CECB8Fn, 0x3FEF0CAFA93E2F56n,
  0x3C834D754DB0ABB6n, 0x3FEF06FE0A31B715n,
  0x3C864201E2AC744Cn, 0x3FEF0170FC4CD831n,
  0x3C8FDD395DD3F84An, 0x3FEEFC08B26416FFn,
  0xBC86A3803B8E5B04n, 0x3FEEF6C55F929FF1n,
  0xBC924AEDCC4B5068n, 0x3FEEF1A7373AA9CBn,
  0xBC9907F81B512D8En, 0x3FEEECAE6D05D866n,
  0xBC71D1E83E9436D2n, 0x3FEEE7DB34E59FF7n,
  0xBC991919B3CE1B15n, 0x3FEEE32DC313A8E5n,
  0x3C859F48A72A4C6Dn, 0x3FEEDEA64C123422n,
  0xBC9312607A28698An, 0x3FEEDA4504AC801Cn,
  0xBC58A78F4817895Bn, 0x3FEED60A21F72E2An,
  0xBC7C2C9B67499A1Bn, 0x3FEED1F5D950A897n,
  0x3C4363ED60C2AC11n, 0x3FEECE086061892Dn,
  0x3C9666093B0664EFn, 0x3FEECA41ED1D0057n,
  0x3C6ECCE1DAA10379n, 0x3FEEC6A2B5C13CD0n,
  0x3C93FF8E3F0F1230n, 0x3FEEC32AF0D7D3DEn,
  0x3C7690CEBB7AAFB0n, 0x3FEEBFDAD5362A27n,
  0x3C931DBDEB54E077n, 0x3FEEBCB299FDDD0Dn,
  0xBC8F94340071A38En, 0x3FEEB9B2769D2CA7n,
  0xBC87DECCDC93A349n, 0x3FEEB6DAA2CF6642n,
  0xBC78DEC6BD0F385Fn, 0x3FEEB42B569D4F82n,
  0xBC861246EC7B5CF6n, 0x3FEEB1A4CA5D920Fn,
  0x3C93350518FDD78En, 0x3FEEAF4736B527DAn,
  0x3C7B98B72F8A9B05n, 0x3FEEAD12D497C7FDn,
  0x3C9063E1E21C5409n, 0x3FEEAB07DD485429n,
  0x3C34C7855019C6EAn, 0x3FEEA9268A5946B7n,
  0x3C9432E62B64C035n, 0x3FEEA76F15AD2148n,
  0xBC8CE44A6199769Fn, 0x3FEEA5E1B976DC09n,
  0xBC8C33C53BEF4DA8n, 0x3FEEA47EB03A5585n,
  0xBC845378892BE9AEn, 0x3FEEA34634CCC320n,
  0xBC93CEDD78565858n, 0x3FEEA23882552225n,
  0x3C5710AA807E1964n, 0x3FEEA155D44CA973n,
  0xBC93B3EFBF5E2228n, 0x3FEEA09E667F3BCDn,
  0xBC6A12AD8734B982n, 0x3FEEA012750BDABFn,
  0xBC6367EFB86DA9EEn, 0x3FEE9FB23C651A2Fn,
  0xBC80DC3D54E08851n, 0x3FEE9F7DF9519484n,
  0xBC781F647E5A3ECFn, 0x3FEE9F75E8EC5F74n,
  0xBC86EE4AC08B7DB0n, 0x3FEE9F9A48A58174n,
  0xBC8619321E55E68An, 0x3FEE9FEB564267C9n,
  0x3C909CCB5E09D4D3n, 0x3FEEA0694FDE5D3Fn,
  0xBC7B32DCB94DA51Dn, 0x3FEEA11473EB0187n,
  0x3C94ECFD5467C06Bn, 0x3FEEA1ED0130C132n,
  0x3C65EBE1ABD66C55n, 0x3FEEA2F336CF4E62n,
  0xBC88A1C52FB3CF42n, 0x3FEEA427543E1A12n,
  0xBC9369B6F13B3734n, 0x3FEEA589994CCE13n,
  0xBC805E843A19FF1En, 0x3FEEA71A4623C7ADn,
  0xBC94D450D872576En, 0x3FEEA8D99B4492EDn,
  0x3C90AD675B0E8A00n, 0x3FEEAAC7D98A6699n,
  0x3C8DB72FC1F0EAB4n, 0x3FEEACE5422AA0DBn,
  0xBC65B6609CC5E7FFn, 0x3FEEAF3216B5448Cn,
  0x3C7BF68359F35F44n, 0x3FEEB1AE99157736n,
  0xBC93091FA71E3D83n, 0x3FEEB45B0B91FFC6n,
  0xBC5DA9B88B6C1E29n, 0x3FEEB737B0CDC5E5n,
  0xBC6C23F97C90B959n, 0x3FEEBA44CBC8520Fn,
  0xBC92434322F4F9AAn, 0x3FEEBD829FDE4E50n,
  0xBC85CA6CD7668E4Bn, 0x3FEEC0F170CA07BAn,
  0x3C71AFFC2B91CE27n, 0x3FEEC49182A3F090n,
  0x3C6DD235E10A73BBn, 0x3FEEC86319E32323n,
  0xBC87C50422622263n, 0x3FEECC667B5DE565n,
  0x3C8B1C86E3E231D5n, 0x3FEED09BEC4A2D33n,
  0xBC91BBD1D3BCBB15n, 0x3FEED503B23E255Dn,
  0x3C90CC319CEE31D2n, 0x3FEED99E1330B358n,
  0x3C8469846E735AB3n, 0x3FEEDE6B5579FDBFn,
  0xBC82DFCD978E9DB4n, 0x3FEEE36BBFD3F37An,
  0x3C8C1A7792CB3387n, 0x3FEEE89F995AD3ADn,
  0xBC907B8F4AD1D9FAn, 0x3FEEEE07298DB666n,
  0xBC55C3D956DCAEBAn, 0x3FEEF3A2B84F15FBn,
  0xBC90A40E3DA6F640n, 0x3FEEF9728DE5593An,
  0xBC68D6F438AD9334n, 0x3FEEFF76F2FB5E47n,
  0xBC91EEE26B588A35n, 0x3FEF05B030A1064An,
  0x3C74FFD70A5FDDCDn, 0x3FEF0C1E904BC1D2n,
  0xBC91BDFBFA9298ACn, 0x3FEF12C25BD71E09n,
  0x3C736EAE30AF0CB3n, 0x3FEF199BDD85529Cn,
  0x3C8EE3325C9FFD94n, 0x3FEF20AB5FFFD07An,
  0x3C84E08FD10959ACn, 0x3FEF27F12E57D14Bn,
  0x3C63CDAF384E1A67n, 0x3FEF2F6D9406E7B5n,
  0x3C676B2C6C921968n, 0x3FEF3720DCEF9069n,
  0xBC808A1883CCB5D2n, 0x3FEF3F0B555DC3FAn,
  0xBC8FAD5D3FFFFA6Fn, 0x3FEF472D4A07897Cn,
  0xBC900DAE3875A949n, 0x3FEF4F87080D89F2n,
  0x3C74A385A63D07A7n, 0x3FEF5818DCFBA487n,
  0xBC82919E2040220Fn, 0x3FEF60E316C98398n,
  0x3C8E5A50D5C192ACn, 0x3FEF69E603DB3285n,
  0x3C843A59AC016B4Bn, 0x3FEF7321F301B460n,
  0xBC82D52107B43E1Fn, 0x3FEF7C97337B9B5Fn,
  0xBC892AB93B470DC9n, 0x3FEF864614F5A129n,
  0x3C74B604603A88D3n, 0x3FEF902EE78B3FF6n,
  0x3C83C5EC519D7271n, 0x3FEF9A51FBC74C83n,
  0xBC8FF7128FD391F0n, 0x3FEFA4AFA2A490DAn,
  0xBC8DAE98E223747Dn, 0x3FEFAF482D8E67F1n,
  0x3C8EC3BC41AA2008n, 0x3FEFBA1BEE615A27n,
  0x3C842B94C3A9EB32n, 0x3FEFC52B376BBA97n,
  0x3C8A64A931D185EEn, 0x3FEFD0765B6E4540n,
  0xBC8E37BAE43BE3EDn, 0x3FEFDBFDAD9CBE14n,
  0x3C77893B4D91CD9Dn, 0x3FEFE7C1819E90D8n,
  0x3C5305C14160CC89n, 0x3FEFF3C22B8F71F1n
]);
const EXP_DATA_F64 = new Float64Array(EXP_DATA_TAB.buffer);

// Handle cases that may overflow or underflow when computing the result that
// is scale*(1+TMP) without intermediate rounding. The bit representation of
// scale is in SBITS, however it has a computed exponent that may have
// overflown into the sign bit so that needs to be adjusted before using it as
// a double.  (int32_t)KI is the k used in the argument reduction and exponent
// adjustment of scale, positive k here means the result may overflow and
// negative k means the result may underflow.
function specialcase(tmp: number, sbits: bigint, ki: bigint): number {
  const Ox1p_1022 = asF64(0x0010000000000000n), // 0x1p-1022
    Ox1p1009 = asF64(0x7F00000000000000n); // 0x1p1009

  let scale: number;
  if (!(ki & 0x80000000n)) {
    // k > 0, the exponent of scale might have overflowed by <= 460.
    sbits = u64(sbits - (1009n << 52n));
    scale = asF64(sbits);
    return Ox1p1009 * (scale + scale * tmp); // 0x1p1009
  }
  // k < 0, need special care in the subnormal range.
  sbits = u64(sbits + (1022n << 52n));
  // Note: sbits is signed scale.
  scale = asF64(sbits);
  let y = scale + scale * tmp;
  if (Math.abs(y) < 1.0) {
    // Round y to the right precision before scaling it into the subnormal
    // range to avoid double rounding that can cause 0.5+E/2 ulp error where
    // E is the worst-case ulp error outside the subnormal range.  So this
    // is only useful if the goal is better than 1 ulp worst-case error.
    const one = y < 0 || Object.is(y, -0) ? -1.0 : 1.0; // copysign(1.0, y)
    let lo = scale - y + scale * tmp;
    const hi = one + y;
    lo = one - hi + y + lo;
    y = (hi + lo) - one;
    // Fix the sign of 0.
    if (y == 0.0) y = asF64(sbits & 0x8000000000000000n);
  }
  return y * Ox1p_1022;
}

// Returns 0 if not int, 1 if odd int, 2 if even int. The argument is
// the bit representation of a non-zero finite floating-point value.
function checkint(iy: bigint): number {
  let e = (iy >> 52n) & 0x7FFn;
  if (e < 0x3FFn) return 0;
  if (e > 0x3FFn + 52n) return 2;
  e = 1n << (0x3FFn + 52n - e);
  if (iy & (e - 1n)) return 0;
  if (iy & e) return 1;
  return 2;
}

function xflow(sign: number, y: number): number {
  return (sign ? -y : y) * y;
}

function uflow(sign: number): number {
  return xflow(sign, asF64(0x1000000000000000n)); // 0x1p-767
}

function oflow(sign: number): number {
  return xflow(sign, asF64(0x7000000000000000n)); // 0x1p769
}

// Returns 1 if input is the bit representation of 0, infinity or nan.
function zeroinfnan(u: bigint): boolean {
  return u64((u << 1n) - 1n) >= 0xFFE0000000000000n - 1n;
}

let logTail = 0;

// Compute y+TAIL = log(x) where the rounded result is y and TAIL has about
// additional 15 bits precision. IX is the bit representation of x, but
// normalized in the subnormal range using the sign bit for the exponent.
// (TAIL is left in logTail.)
function logInline(ix: bigint): number {
  const N = 1n << POW_LOG_TABLE_BITS;
  const N_MASK = N - 1n;

  const Ln2hi = asF64(0x3FE62E42FEFA3800n),
    Ln2lo = asF64(0x3D2EF35793C76730n);

  const A0 = asF64(0xBFE0000000000000n),
    A1 = asF64(0xBFE5555555555560n),
    A2 = asF64(0x3FE0000000000006n),
    A3 = asF64(0x3FE999999959554En),
    A4 = asF64(0xBFE555555529A47An),
    A5 = asF64(0xBFF2495B9B4845E9n),
    A6 = asF64(0x3FF0002B8B263FC3n);

  // x = 2^k z; where z is in range [OFF,2*OFF) and exact.
  // The range is split into N subintervals.
  // The ith subinterval contains z and c is near its center.
  const tmp = u64(ix - 0x3FE6955500000000n);
  const i = Number((tmp >> (52n - POW_LOG_TABLE_BITS)) & N_MASK);
  const k = i64(tmp) >> 52n;
  const iz = u64(ix - (tmp & (0xFFFn << 52n)));
  const z = asF64(iz);
  const kd = Number(k);

  // log(x) = k*Ln2 + log(c) + log1p(z/c-1).
  const invc = POW_LOG_DATA_F64[4 * i]; // tab[i].invc
  const logc = POW_LOG_DATA_F64[4 * i + 2]; // tab[i].logc
  const logctail = POW_LOG_DATA_F64[4 * i + 3]; // tab[i].logctail

  // Note: 1/c is j/N or j/N/2 where j is an integer in [N,2N) and
  // |z/c - 1| < 1/N, so r = z/c - 1 is exactly representible.
  // Split z such that rhi, rlo and rhi*rhi are exact and |rlo| <= |r|.
  const zhi = asF64((iz + 0x80000000n) & 0xFFFFFFFF00000000n);
  const zlo = z - zhi;
  const rhi = zhi * invc - 1.0;
  const rlo = zlo * invc;
  const r = rhi + rlo;

  // k * Ln2 + log(c) + r.
  const t1 = kd * Ln2hi + logc;
  const t2 = t1 + r;
  const lo1 = kd * Ln2lo + logctail;
  const lo2 = t1 - t2 + r;

  // Evaluation is optimized assuming superscalar pipelined execution.
  const ar = A0 * r; // A[0] = -0.5
  const ar2 = r * ar;
  const ar3 = r * ar2;
  // k * Ln2 + log(c) + r + A[0] * r * r.
  const arhi = A0 * rhi;
  const arhi2 = rhi * arhi;
  const hi = t2 + arhi2;
  const lo3 = rlo * (ar + arhi);
  const lo4 = t2 - hi + arhi2;

  // p = log1p(r) - r - A[0] * r * r.
  const p = ar3 * (A1 + r * A2 + ar2 * (A3 + r * A4 + ar2 * (A5 + r * A6)));
  const lo = lo1 + lo2 + lo3 + lo4 + p;
  const y = hi + lo;
  logTail = hi - y + lo;

  return y;
}

const SIGN_BIAS = 0x800 << Number(EXP_TABLE_BITS);

// Computes sign*exp(x+xtail) where |xtail| < 2^-8/N and |xtail| <= |x|.
// The sign_bias argument is SIGN_BIAS or 0 and sets the sign to -1 or 1.
function expInline(x: number, xtail: number, signBias: number): number {
  const N = 1n << EXP_TABLE_BITS;
  const N_MASK = N - 1n;

  const InvLn2N = asF64(0x3FF71547652B82FEn) * Number(N), // 0x1.71547652b82fep0
    NegLn2hiN = asF64(0xBF762E42FEFA0000n), // -0x1.62e42fefa0000p-8
    NegLn2loN = asF64(0xBD0CF79ABC9E3B3An), // -0x1.cf79abc9e3b3ap-47
    shift = asF64(0x4338000000000000n); // 0x1.8p52

  const C2 = asF64(0x3FDFFFFFFFFFFDBDn), // __exp_data.poly[0] (0x1.ffffffffffdbdp-2)
    C3 = asF64(0x3FC555555555543Cn), // __exp_data.poly[1] (0x1.555555555543cp-3)
    C4 = asF64(0x3FA55555CF172B91n), // __exp_data.poly[2] (0x1.55555cf172b91p-5)
    C5 = asF64(0x3F81111167A4D017n); // __exp_data.poly[3] (0x1.1111167a4d017p-7)

  const ux = asU64(x);
  let abstop = Number(ux >> 52n) & 0x7FF; // u32
  if (((abstop - 0x3C9) >>> 0) >= 0x03F) {
    if (((abstop - 0x3C9) >>> 0) >= 0x80000000) {
      // Avoid spurious underflow for tiny x.
      // Note: 0 is common input.
      return signBias ? -1.0 : 1.0;
    }
    if (abstop >= 0x409) { // top12(1024.0)
      // Note: inf and nan are already handled.
      return i64(ux) < 0n ? uflow(signBias) : oflow(signBias);
    }
    // Large x is special cased below.
    abstop = 0;
  }

  // exp(x) = 2^(k/N) * exp(r), with exp(r) in [2^(-1/2N),2^(1/2N)].
  // x = ln2/N*k + r, with int k and r in [-ln2/2N, ln2/2N].
  const z = InvLn2N * x;

  // z - kd is in [-1, 1] in non-nearest rounding modes
  let kd = z + shift;
  const ki = asU64(kd);
  kd -= shift;
  let r = x + kd * NegLn2hiN + kd * NegLn2loN;
  // The code assumes 2^-200 < |xtail| < 2^-8/N
  r += xtail;
  // 2^(k/N) ~= scale * (1 + tail)
  const idx = Number((ki & N_MASK) << 1n);
  const top = u64((ki + BigInt(signBias)) << (52n - EXP_TABLE_BITS));

  const tail = EXP_DATA_F64[idx]; // T[idx]
  // This is only a valid scale when -1023*N < k < 1024*N
  const sbits = u64(EXP_DATA_TAB[idx + 1] + top); // T[idx + 1]
  // exp(x) = 2^(k/N) * exp(r) ~= scale + scale * (tail + exp(r) - 1).
  // Evaluation is optimized assuming superscalar pipelined execution.
  const r2 = r * r;
  // Without fma the worst case error is 0.25/N ulp larger.
  // Worst case error is less than 0.5+1.11/N+(abs poly error * 2^53) ulp
  const tmp = tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  if (abstop == 0) return specialcase(tmp, sbits, ki);
  const scale = asF64(sbits);
  // Note: tmp == 0 or |tmp| > 2^-200 and scale > 2^-739, so there
  // is no spurious underflow here even without fma.
  return scale + scale * tmp;
}

function powLut(x: number, y: number): number {
  const Ox1p52 = asF64(0x4330000000000000n); // 0x1p52

  let signBias = 0;
  let ix = asU64(x);
  const iy = asU64(y);
  let topx = ix >> 52n;
  const topy = iy >> 52n;

  if (u64(topx - 0x001n) >= 0x7FFn - 0x001n || u64((topy & 0x7FFn) - 0x3BEn) >= 0x43En - 0x3BEn) {
    // Note: if |y| > 1075 * ln2 * 2^53 ~= 0x1.749p62 then pow(x,y) = inf/0
    // and if |y| < 2^-54 / 1075 ~= 0x1.e7b6p-65 then pow(x,y) = +-1.
    // Special cases: (x < 0x1p-126 or inf or nan) or
    // (|y| < 0x1p-65 or |y| >= 0x1p63 or nan).
    if (zeroinfnan(iy)) {
      if (u64(iy << 1n) == 0n) return 1.0;
      if (ix == 0x3FF0000000000000n) return NaN; // original: 1.0
      if (u64(ix << 1n) > 0xFFE0000000000000n || u64(iy << 1n) > 0xFFE0000000000000n) return x + y;
      if (u64(ix << 1n) == 0x7FE0000000000000n) return NaN; // original: 1.0
      if ((u64(ix << 1n) < 0x7FE0000000000000n) == !(iy >> 63n)) return 0; // |x|<1 && y==inf or |x|>1 && y==-inf.
      return y * y;
    }
    if (zeroinfnan(ix)) {
      let x2 = x * x;
      if (ix >> 63n && checkint(iy) == 1) x2 = -x2;
      return i64(iy) < 0n ? 1 / x2 : x2;
    }
    // Here x and y are non-zero finite
    if (i64(ix) < 0n) {
      // Finite x < 0
      const yint = checkint(iy);
      if (yint == 0) return (x - x) / (x - x);
      if (yint == 1) signBias = SIGN_BIAS;
      ix &= 0x7FFFFFFFFFFFFFFFn;
      topx &= 0x7FFn;
    }
    if (u64((topy & 0x7FFn) - 0x3BEn) >= 0x43En - 0x3BEn) {
      // Note: sign_bias == 0 here because y is not odd.
      if (ix == 0x3FF0000000000000n) return 1;
      if ((topy & 0x7FFn) < 0x3BEn) return 1; // |y| < 2^-65, x^y ~= 1 + y*log(x).
      return (ix > 0x3FF0000000000000n) == (topy < 0x800n) ? Infinity : 0;
    }
    if (topx == 0n) {
      // Normalize subnormal x so exponent becomes negative.
      ix = asU64(x * Ox1p52);
      ix &= 0x7FFFFFFFFFFFFFFFn;
      ix = u64(ix - (52n << 52n));
    }
  }

  const hi = logInline(ix);
  const lo = logTail;
  // (no fma: musl's #else branch)
  const yhi = asF64(iy & 0xFFFFFFFFF8000000n);
  const ylo = y - yhi;
  const lhi = asF64(asU64(hi) & 0xFFFFFFFFF8000000n);
  const llo = hi - lhi + lo;
  const ehi = yhi * lhi;
  const elo = ylo * lhi + y * llo; // |elo| < |ehi| * 2^-25.
  return expInline(ehi, elo, signBias);
}

/** x ** y as the core's Math.pow (AssemblyScript's NativeMath.pow in the release build) computes it. */
export function pow(x: number, y: number): number {
  // AssemblyScript's fast paths ("TODO: remove this fast pathes after
  // introduced own mid-end IR with "stdlib call simplify" transforms")
  if (Math.abs(y) <= 2) {
    if (y == 2.0) return x * x;
    if (y == 0.5) return x != -Infinity ? Math.abs(Math.sqrt(x)) : Infinity;
    if (y == -1.0) return 1 / x;
    if (y == 1.0) return x;
    if (y == 0.0) return 1.0;
  }
  // ASC_SHRINK_LEVEL < 1 (asconfig.json's release target: shrinkLevel 0)
  return powLut(x, y);
}
