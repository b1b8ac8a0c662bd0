/**
 * npm run bench:downloads — how long a buyer's file takes to make: a post of the
 * demo's text (about 10,000 characters, two pages, 40 headings) as a PDF (pdfkit,
 * the Chinese font embedded as a subset) and as a Word file, five times each in one
 * process (the first PDF also reads the font). The PDF is made on this thread here;
 * the server makes it in a worker thread.
 */
import { postToDocx } from '../src/site/files/post-docx.ts'
import { findPdfFonts } from '../src/site/files/pdf-font.ts'
import { postToPdf } from '../src/site/files/post-pdf.ts'

const fonts = findPdfFonts(process.env.INKGATE_PDF_FONT)
if (!fonts) {
  console.error('no Chinese font: apt-get install fonts-noto-cjk, or set INKGATE_PDF_FONT')
  process.exit(2)
}
const para = '　　按照会议安排，结合自身思想和工作实际，我谈几点体会。一要提高理论学习的深度，学习是立身做人的永恒主题，也是做好工作的基础。'
const pages = [Array.from({ length: 40 }, (_, i) => `<h2>第${i + 1}部分</h2><p>${para.repeat(3)}</p>`).join(''), `<p>${para.repeat(20)}</p>`]
const input = { title: '关于作风建设的讲话', pages, watermark: '下载者 reader · 2026年12月8日', siteName: '墨门范文网' }
console.log(`a post of ${pages.join('').replace(/<[^>]+>/g, '').length} characters, ${pages.length} pages; font ${fonts.regular.path}`)
for (let i = 1; i <= 5; i++) {
  let t = performance.now()
  const pdf = await postToPdf({ ...input, fonts })
  const pdfMs = performance.now() - t
  t = performance.now()
  const docx = await postToDocx(input)
  const docxMs = performance.now() - t
  console.log(`run ${i}: PDF ${pdfMs.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KB; Word ${docxMs.toFixed(0)} ms, ${(docx.length / 1024).toFixed(0)} KB`)
}
