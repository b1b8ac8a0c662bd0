import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createCipheriv, generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import { authorization, decryptResource, requestSigningString, responseSigningString, rsaSha256Sign, verifyWechatSignature } from './wechat-crypto.ts'

test("the request signing string matches WeChat Pay's documented example byte for byte", () => {
  // 签名生成 (pay.weixin.qq.com/wiki/doc/apiv3/wechatpay/wechatpay4_0.shtml): GET /v3/certificates
  assert.equal(requestSigningString('GET', '/v3/certificates', 1554208460, '593BEC0C930BF1AFEB40B4A08C8FB242', ''), 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n')
  assert.equal(
    requestSigningString('POST', '/v3/pay/transactions/native', 1554208460, '593BEC0C930BF1AFEB40B4A08C8FB242', '{"a":1}'),
    'POST\n/v3/pay/transactions/native\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n',
  )
  assert.equal(responseSigningString('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', ''), '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n\n')
})

const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
const NOW = Date.parse('2026-11-27T08:00:00Z')
const signedHeaders = (body: string, over: Record<string, string> = {}) => {
  const ts = String(NOW / 1000)
  return {
    'wechatpay-timestamp': ts,
    'wechatpay-nonce': 'n0nce',
    'wechatpay-serial': 'PUB_KEY_ID_1',
    'wechatpay-signature': rsaSha256Sign(responseSigningString(ts, 'n0nce', body), keys.privateKey),
    ...over,
  }
}
const keyMap = new Map([['PUB_KEY_ID_1', keys.publicKey]])

test('a signed answer verifies; a changed byte, an old timestamp, a probe or an unknown serial does not', () => {
  const body = '{"code_url":"weixin://wxpay/bizpayurl?pr=abc"}'
  assert.deepEqual(verifyWechatSignature(signedHeaders(body), body, keyMap, NOW), { ok: true })
  assert.equal(verifyWechatSignature(signedHeaders(body), body.replace('abc', 'abd'), keyMap, NOW).ok, false)
  assert.equal(verifyWechatSignature(signedHeaders(body), body, keyMap, NOW + 301_000).ok, false)
  assert.equal(verifyWechatSignature(signedHeaders(body, { 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' }), body, keyMap, NOW).ok, false)
  assert.equal(verifyWechatSignature(signedHeaders(body, { 'wechatpay-serial': 'PUB_KEY_ID_2' }), body, keyMap, NOW).ok, false)
  assert.equal(verifyWechatSignature({}, body, keyMap, NOW).ok, false)
  // re-serialised JSON is another body
  assert.equal(verifyWechatSignature(signedHeaders(body), JSON.stringify(JSON.parse(body), null, 1), keyMap, NOW).ok, false)
  // an empty 204 is signed too
  assert.deepEqual(verifyWechatSignature(signedHeaders(''), '', keyMap, NOW), { ok: true })
})

test('the Authorization header carries the five fields and a signature over exactly the body sent', () => {
  const h = authorization({ mchid: '1900000001', serialNo: 'ABC123', privateKey: keys.privateKey }, 'POST', '/v3/pay/transactions/native', '{"x":1}', NOW, 'NONCE')
  assert.match(h, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="NONCE",signature="[^"]+",timestamp="1795766400",serial_no="ABC123"$/)
})

const encrypt = (plain: string, key: string, nonce: string, aad: string) => {
  const c = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce))
  c.setAAD(Buffer.from(aad))
  return Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]).toString('base64')
}

test('notification resources decrypt with the APIv3 key, and any change to them is refused', () => {
  const key = 'a'.repeat(32)
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.nat({ max: 1000 }), (plain, flip) => {
      const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypt(plain, key, 'abcdefghijkl', 'transaction'), associated_data: 'transaction', nonce: 'abcdefghijkl' }
      assert.equal(decryptResource(resource, key), plain)
      const bytes = Buffer.from(resource.ciphertext, 'base64')
      const i = flip % bytes.length
      bytes[i] = (bytes[i] as number) ^ 0x40
      assert.throws(() => decryptResource({ ...resource, ciphertext: bytes.toString('base64') }, key))
      assert.throws(() => decryptResource({ ...resource, associated_data: 'refund' }, key))
      assert.throws(() => decryptResource(resource, 'b'.repeat(32)))
    }),
    { numRuns: 200 },
  )
  assert.throws(() => decryptResource({ algorithm: 'AES_128', ciphertext: '', nonce: 'x' }, key), /unsupported algorithm/)
})
