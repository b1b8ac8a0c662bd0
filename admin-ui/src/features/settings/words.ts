import { featureWords } from '../../lib/feature-words.ts'

/** The settings screen's own words: the search card and the preview-share progress (the form's labels are in the shared catalogue). */
export const w = featureWords(
  {
    title: '搜索',
    terms: '站点词典',
    termsHint: '每行一个词（也可用空格、逗号分隔），分词时会保持完整，例如「两学一做」「不忘初心」。# 开头的行是注释。新保存的文档立即按新词典索引，已有文档要重建索引后才生效。',
    saveTerms: '保存词典',
    termsSaved: '词典已保存（{n} 个词）',
    fresh: '索引是最新的',
    stale: '词典或索引格式已变化，建议重建索引',
    unfinished: '上次重建没有完成，可以继续',
    running: '正在重建：{done} / {total} 篇',
    reindex: '重建索引',
    resume: '继续重建',
    started: '已开始重建索引，搜索照常可用',
    finished: '索引已重建',
    failed: '重建失败：{error}',
    recompileRunning: '正在把 {percent}% 的试读比例应用到已有文档：{done} / {total} 篇（没有付费标记、也没有单独设置比例的付费文档）',
    recompileDone: '试读比例 {percent}% 已应用到 {total} 篇文档',
  },
  {
    title: 'Search',
    terms: 'Site dictionary',
    termsHint:
      'One word per line (or separated by spaces or commas), kept whole when text is segmented, e.g. 两学一做. Lines starting with # are comments. Posts saved from now use it at once; the others after the index is rebuilt.',
    saveTerms: 'Save dictionary',
    termsSaved: 'Dictionary saved ({n} words)',
    fresh: 'The index is up to date',
    stale: 'The dictionary or the index format changed: rebuild the index',
    unfinished: 'The last rebuild did not finish: it can go on',
    running: 'Rebuilding: {done} / {total} posts',
    reindex: 'Rebuild the index',
    resume: 'Go on rebuilding',
    started: 'The rebuild started; search keeps working',
    finished: 'The index is rebuilt',
    failed: 'The rebuild failed: {error}',
    recompileRunning: 'Applying the {percent}% preview share to existing posts: {done} / {total} (priced posts without paid markers or a share of their own)',
    recompileDone: 'The {percent}% preview share is applied to {total} posts',
  },
)
