import { featureWords } from '../../lib/feature-words.ts'

/** The editor's own words (the fields shared with the list are in the shared catalogue). */
export const ew = featureWords(
  {
    previewShare: '试读比例',
    previewShareHelp: '有价格但没有付费标记的文档，开头这部分免费显示。留空则使用站点设置的比例；有付费标记时以标记为准。',
    previewShareSite: '站点设置',
    autosaved: '草稿已自动保存 {time}',
    customFields: '原站自定义字段（仅后台可见，网站上不显示）',
    customFieldsHelp: '迁入时从原站模型附表带来的字段，可能含付费下载链接；需要展示时请写进正文的付费区。',
  },
  {
    previewShare: 'Preview share',
    previewShareHelp: "A priced post without paid markers shows this much of its beginning free. Empty: the site's share; paid markers, when present, decide instead.",
    previewShareSite: 'Site setting',
    autosaved: 'Draft autosaved {time}',
    customFields: "The old site's own fields (here only, never on the site)",
    customFieldsHelp: "Fields the migration brought from the old site's model table; they may hold paid download links. To show one, put it in the body's paid region.",
  },
)
