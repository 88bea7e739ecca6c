// Every string the page and the <convt-lab> element show, in English and Korean, in one table.
// Each entry is [English, Korean]; an entry is either text or a function of its arguments.
// Code elsewhere never holds user-visible text: it asks tr(key, ...args).
// Numbers, formulas, PyTorch names (Conv2d, output_padding, …) and the core's own error
// messages (PyTorch's wording) are not translated.

export const LANGS = ['en', 'ko'];
export const LANG_NAMES = { en: 'English', ko: '한국어' };

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const lines = (n) => (n === 1 ? 'line' : 'lines');

const S = {
  // ---- page (index.html) -------------------------------------------------------------------
  pageTitle: ['ConvT Lab: what ConvTranspose2d really does', 'ConvT Lab: ConvTranspose2d가 실제로 하는 일'],
  pageQuestion: [
    '“ConvTranspose2d inserts z = s−1 zeros between pixels, pads the outside with p′ = k−p−1 and runs a stride-1 convolution. Why define it by s and p instead of z and p′?” — a student',
    '“ConvTranspose2d는 픽셀 사이에 z = s−1개의 0을 넣고, 바깥을 p′ = k−p−1만큼 패딩한 뒤 stride 1 합성곱을 합니다. 왜 z와 p′ 대신 s와 p로 정의하나요?” — 한 학생의 질문',
  ],
  pageAnswerLead: ['Short answer:', '짧은 답:'],
  pageAnswer: [
    'k, s, p (and d) are the numbers of the Conv2d it reverses. Give the decoder’s ConvTranspose2d the same k, s, p as the encoder’s Conv2d and the size comes back; z and p′ are just what a stride-1 convolution needs to do that. Check it below for any numbers, see exactly when it fails and what output_padding fixes, and see why it is called a transpose: it undoes the change of size, not the values.',
    'k, s, p(와 d)는 ConvTranspose2d가 되돌리는 Conv2d의 값입니다. 디코더의 ConvTranspose2d에 인코더 Conv2d와 같은 k, s, p를 주면 크기가 돌아옵니다. z와 p′는 stride 1 합성곱으로 그 일을 하기 위해 필요한 값일 뿐입니다. 아래에서 어떤 값으로든 확인하고, 언제 실패하는지와 output_padding이 무엇을 고치는지, 그리고 왜 “전치(transpose)”라고 부르는지 보세요: 크기의 변화를 되돌릴 뿐, 값을 되돌리지는 않습니다.',
  ],
  pageNoscript: ['This page needs JavaScript (it runs the convolutions in WebAssembly, entirely in your browser).', '이 페이지는 JavaScript가 필요합니다 (합성곱을 브라우저 안에서 WebAssembly로 실행합니다).'],
  pageFooter: ['ConvT Lab · runs offline, no network requests · numbers match PyTorch’s conv2d / conv_transpose2d.', 'ConvT Lab · 오프라인으로 동작, 네트워크 요청 없음 · 숫자는 PyTorch의 conv2d / conv_transpose2d와 같습니다.'],

  // ---- lab shell ------------------------------------------------------------------------------
  loading: ['Loading the WebAssembly core…', 'WebAssembly 코어를 불러오는 중…'],
  loadFailed: [(m) => `The WebAssembly core could not load: ${m}`, (m) => `WebAssembly 코어를 불러오지 못했습니다: ${m}`],
  stillLoading: ['The core is still loading.', '코어를 아직 불러오는 중입니다.'],
  alertDefault: ['Showing the default example instead.', '대신 기본 예제를 보여 줍니다.'],
  alertKept: ['The last valid setting is still shown.', '마지막으로 유효했던 설정이 그대로 표시됩니다.'],
  coreErrorKo: [(m) => m, (m) => `허용되지 않는 값입니다 (PyTorch 규칙): ${m}`],
  errNotNumber: [(name, q) => `${name}: ${q} is not a whole number or HxW (for example 3 or 3x2).`, (name, q) => `${name}: ${q}은(는) 정수나 HxW 형식(예: 3 또는 3x2)이 아닙니다.`],
  errMode: [(q) => `mode: ${q} is not conv or convT.`, (q) => `mode: ${q}은(는) conv나 convT가 아닙니다.`],
  errLang: [(q, list) => `lang: ${q} is not one of ${list}.`, (q, list) => `lang: ${q}은(는) ${list} 중 하나가 아닙니다.`],
  errView: [(q, list) => `view: ${q} is not one of ${list}.`, (q, list) => `view: ${q}은(는) ${list} 중 하나가 아닙니다.`],
  errTooBig: [
    (cells, s, o, max) => `size: with these parameters the grids would have up to ${cells} cells (stuffed ${s}, output ${o}); this page draws at most ${max} cells per grid. Choose a smaller size, stride or padding.`,
    (cells, s, o, max) => `size: 이 값들이면 격자가 최대 ${cells}칸이 됩니다 (0을 끼운 격자 ${s}, 출력 ${o}). 이 페이지는 격자 하나에 최대 ${max}칸까지 그립니다. size, stride 또는 padding을 줄이세요.`,
  ],

  // ---- controls -------------------------------------------------------------------------------
  parameters: ['Parameters', '매개변수'],
  operation: ['Operation', '연산'],
  squareLabel: ['Same value for height and width', '높이와 너비에 같은 값'],
  widthOf: [(p) => `${p} (width)`, (p) => `${p} (너비)`],
  labelSize: ['input size', '입력 크기'],
  hintConvSize: ['H × W of the Conv2d input', 'Conv2d 입력의 H × W'],
  hintConvOutputPadding: ['used only by the ConvTranspose2d on the way back', '되돌아가는 ConvTranspose2d에서만 쓰임'],
  hintConvTSize: ['H × W of the ConvTranspose2d input', 'ConvTranspose2d 입력의 H × W'],
  hintConvTOutputPadding: ['extra rows/columns at the bottom/right', '아래/오른쪽에 더하는 행/열'],
  preset: ['Preset', '예제'],
  choosePreset: ['Choose a preset…', '예제를 고르세요…'],
  randomize: ['Randomize values', '값 무작위로'],
  resetValues: ['Reset values', '값 초기화'],
  language: ['Language', '언어'],
  presetSeed: ['Seed: ConvT k=3, s=2, p=1 on 4×4', '질문의 예: ConvT k=3, s=2, p=1, 입력 4×4'],
  presetSeedConv: ['Seed, other way: Conv k=3, s=2, p=1 on 7×7 (comes back)', '반대 방향: Conv k=3, s=2, p=1, 입력 7×7 (크기가 돌아옴)'],
  presetFail: ['Conv on 8×8: the size does not come back', 'Conv, 입력 8×8: 크기가 돌아오지 않음'],
  presetFix: ['Conv on 8×8 fixed by output_padding=1', 'Conv, 입력 8×8: output_padding=1로 해결'],
  presetDcgan: ['Upsample ×2: ConvT k=4, s=2, p=1 (DCGAN)', '2배 업샘플링: ConvT k=4, s=2, p=1 (DCGAN)'],
  presetS1: ['Stride 1: no zeros inserted', 'Stride 1: 0을 넣지 않음'],
  presetS3: ['Stride 3: two zeros between pixels', 'Stride 3: 픽셀 사이에 0 두 개'],
  presetDil: ['Dilation 2', 'Dilation 2'],
  presetCrop: ['Padding larger than k−1: p′ < 0 crops', 'padding이 k−1보다 큼: p′ < 0이면 잘라냄'],
  presetRect: ['Rectangular: 3×5 input, kernel 3×2', '직사각형: 입력 3×5, 커널 3×2'],

  // ---- grids ----------------------------------------------------------------------------------
  gridsLabel: ['Grids', '격자'],
  legend: ['Legend', '범례'],
  kindOrig: ['original pixel', '원래 픽셀'],
  kindZero: ['inserted zero', '삽입된 0'],
  kindPad: ['padding', '패딩'],
  kindOpad: ['output_padding', 'output_padding'],
  legendOrig: ['a pixel of x', 'x의 픽셀'],
  legendZero: ['inserted zero z', '삽입된 0 (z)'],
  legendPadConv: ['padding p (zeros)', '패딩 p (0)'],
  legendPadConvT: ['padding p′ (zeros)', '패딩 p′ (0)'],
  legendOpad: ['output_padding a (zeros)', 'output_padding a (0)'],
  gridInput: ['Input x', '입력 x'],
  gridKernel: ['Kernel w', '커널 w'],
  gridFlipped: ['Flipped kernel', '뒤집은 커널'],
  gridStuffed: ['Stuffed grid', '0을 끼운 격자'],
  gridOutput: ['Output y', '출력 y'],
  cellTitle: [(g, r, c, v) => `${g} row ${r} column ${c}: ${v}`, (g, r, c, v) => `${g} ${r}행 ${c}열: ${v}`],
  titleInput: [(d) => `1 · Input x (${d})`, (d) => `1 · 입력 x (${d})`],
  capInputConv: ['What Conv2d reads. Click a cell to change it.', 'Conv2d가 읽는 값. 칸을 눌러 바꿀 수 있습니다.'],
  capInputConvT: ['What ConvTranspose2d reads. Click a cell to change it.', 'ConvTranspose2d가 읽는 값. 칸을 눌러 바꿀 수 있습니다.'],
  titleKernel: [(d) => `2 · Kernel w (${d})`, (d) => `2 · 커널 w (${d})`],
  capKernelConv: ['Slides over the padded input.', '패딩한 입력 위를 미끄러집니다.'],
  capKernelConvT: ['As PyTorch stores it. Click to edit.', 'PyTorch가 저장하는 그대로. 눌러서 편집.'],
  titleFlipped: ['Flipped kernel (turned 180°)', '뒤집은 커널 (180° 회전)'],
  capFlipped: ['This is what slides over the stuffed grid.', '0을 끼운 격자 위를 미끄러지는 것은 이 커널입니다.'],
  flippedCell: [(r, c, v, from) => `flipped kernel row ${r} column ${c}: ${v} (w ${from})`, (r, c, v, from) => `뒤집은 커널 ${r}행 ${c}열: ${v} (w ${from})`],
  titlePadded: [(d) => `3 · Padded input (${d})`, (d) => `3 · 패딩한 입력 (${d})`],
  titleStuffed: [(d) => `3 · Stuffed grid (${d})`, (d) => `3 · 0을 끼운 격자 (${d})`],
  paddedWord: ['padded', '패딩한 입력'],
  stuffedWord: ['stuffed', '0을 끼운 격자'],
  stuffedCell: [(w, r, c, v, kind) => `${w} row ${r} column ${c}: ${v}, ${kind}`, (w, r, c, v, kind) => `${w} ${r}행 ${c}열: ${v}, ${kind}`],
  titleOutput: [(d) => `4 · Output y (${d})`, (d) => `4 · 출력 y (${d})`],
  capOutputConv: ['y = Conv2d(x). Hover or focus a cell.', 'y = Conv2d(x). 칸에 마우스를 올리거나 포커스하세요.'],
  capOutputConvT: ['y = ConvTranspose2d(x). Hover or focus a cell.', 'y = ConvTranspose2d(x). 칸에 마우스를 올리거나 포커스하세요.'],
  axisConv: [(b) => `${plural(b, 'line', 'lines')} of zeros on each side (p = ${b})`, (b) => `양쪽에 0으로 된 줄 ${b}개 (p = ${b})`],
  axisZeros: [(z) => `${plural(z, 'zero', 'zeros')} between pixels (z = s−1 = ${z})`, (z) => `픽셀 사이에 0이 ${z}개 (z = s−1 = ${z})`],
  axisPadBefore: [(b) => `${b} of padding before (p′ = d(k−1)−p = ${b})`, (b) => `앞쪽 패딩 ${b} (p′ = d(k−1)−p = ${b})`],
  axisCropBefore: [(n, b) => `${plural(n, 'line', 'lines')} cropped before (p′ = d(k−1)−p = ${b} < 0)`, (n, b) => `앞쪽에서 ${n}줄 잘라냄 (p′ = d(k−1)−p = ${b} < 0)`],
  axisAfter: [(a) => `${a} after (p′+a = ${a})`, (a) => `뒤쪽 ${a} (p′+a = ${a})`],
  axisCropAfter: [(n, a) => `${plural(n, 'line', 'lines')} cropped after (p′+a = ${a})`, (n, a) => `뒤쪽에서 ${n}줄 잘라냄 (p′+a = ${a})`],
  stuffedHeadConv: ['x with ', 'x에 '],
  stuffedHeadConvT: ['x spread out: ', 'x를 펼침: '],
  stuffedTailConv: ['.', '.'],
  stuffedTailConvT: ['. Then a plain stride-1 convolution with the flipped kernel.', '. 그다음 뒤집은 커널로 보통의 stride 1 합성곱.'],
  stuffedRowsCols: [(r, c) => `rows: ${r}; columns: ${c}`, (r, c) => `행: ${r}; 열: ${c}`],

  // ---- sums -----------------------------------------------------------------------------------
  more: [(n) => `(${n} more)`, (n) => `(${n}개 더)`],
  nothingLands: ['0 (nothing lands here)', '0 (여기에 오는 값 없음)'],
  sumsTitleConv: [(at) => `How output cell y${at} is computed`, (at) => `출력 칸 y${at}를 계산하는 방법`],
  gatherLead: ['Gather (the definition of Conv2d): ', '모으기 (Conv2d의 정의): '],
  gatherText: ['the kernel window over the padded input xp (grid 3), multiplied and summed:', '패딩한 입력 xp(격자 3) 위의 커널 창을 곱하고 더합니다:'],
  paddingProducts: [(n) => `${n} of the products ${n === 1 ? 'multiplies' : 'multiply'} a padding zero.`, (n) => `곱 가운데 ${n}개는 패딩의 0을 곱합니다.`],
  convAgree: [(n, d) => `All ${n} output cells: the reference loops and the fast SIMD core agree (largest difference ${d}).`, (n, d) => `출력 ${n}칸 모두: 참조 루프와 빠른 SIMD 코어가 일치합니다 (최대 차이 ${d}).`],
  convDiffer: [(n, d) => `All ${n} output cells: the reference loops and the fast SIMD core differ by up to ${d} (float rounding).`, (n, d) => `출력 ${n}칸: 참조 루프와 빠른 SIMD 코어의 차이는 최대 ${d} (부동소수점 반올림).`],
  sumsTitleConvT: [(at) => `Two ways to get output cell y${at} — same number`, (at) => `출력 칸 y${at}를 얻는 두 방법 — 같은 숫자`],
  wayALead: ['A. By definition (scatter): ', 'A. 정의대로 (흩뿌리기): '],
  wayAText: ['every input pixel stamps x·w onto the output. The stamps that land on this cell:', '입력 픽셀마다 x·w를 출력에 찍습니다. 이 칸에 찍히는 것들:'],
  wayBLead: ['B. The seed’s construction: ', 'B. 질문의 구성: '],
  wayBText: ['a stride-1 convolution of the stuffed grid with the flipped kernel:', '0을 끼운 격자를 뒤집은 커널로 stride 1 합성곱:'],
  wastedProducts: [(n, k) => `${n} of these ${k} products multiply an inserted or padding zero: wasted work that the scatter never does.`, (n, k) => `이 ${k}개의 곱 가운데 ${n}개는 삽입된 0이나 패딩의 0을 곱합니다: 흩뿌리기에서는 하지 않는 헛수고입니다.`],
  convTAgree: [(n) => `All ${n} output cells: A (scatter loops), B (stuffed convolution) and the fast SIMD core give identical numbers.`, (n) => `출력 ${n}칸 모두: A(흩뿌리기 루프), B(0을 끼운 합성곱), 빠른 SIMD 코어가 똑같은 숫자를 냅니다.`],
  convTDiffer: [(n, d1, d2) => `All ${n} output cells: A vs B differ by at most ${d1}, A vs the fast core by ${d2} (float rounding).`, (n, d1, d2) => `출력 ${n}칸: A와 B의 차이 최대 ${d1}, A와 빠른 코어의 차이 ${d2} (부동소수점 반올림).`],

  // ---- stepper --------------------------------------------------------------------------------
  prev: ['◀ Previous', '◀ 이전'],
  prevLabel: ['Previous output cell', '이전 출력 칸'],
  play: ['▶ Play', '▶ 재생'],
  pause: ['⏸ Pause', '⏸ 멈춤'],
  next: ['Next ▶', '다음 ▶'],
  nextLabel: ['Next output cell', '다음 출력 칸'],
  speed: ['Speed', '속도'],
  slow: ['slow', '느리게'],
  normal: ['normal', '보통'],
  fast: ['fast', '빠르게'],
  stepStatus: [(i, n, r, c) => `Output cell ${i} of ${n} (row ${r}, column ${c})`, (i, n, r, c) => `출력 칸 ${n}개 중 ${i}번째 (${r}행, ${c}열)`],

  // ---- tabs -----------------------------------------------------------------------------------
  viewsLabel: ['Views', '보기'],
  tabSizes: ['Step by step · sizes', '단계별 계산 · 크기'],
  matrixCorner: ['y \\ x', 'y \\ x'],
  tabMatrix: ['Matrix C and Cᵀ', '행렬 C와 Cᵀ'],
  tabOverlap: ['Overlap (checkerboard)', '겹침 (체커보드)'],
  tabPolyphase: ['Polyphase', '폴리페이즈'],
  tabImage: ['Image', '이미지'],

  // ---- inversion ------------------------------------------------------------------------------
  inversionLabel: ['Inversion check', '크기 되돌리기 확인'],
  inversionHeading: ['Does ConvTranspose2d undo Conv2d?', 'ConvTranspose2d는 Conv2d를 되돌리나?'],
  valuesTitleOk: ['Sizes come back. Values do not.', '크기는 돌아옵니다. 값은 돌아오지 않습니다.'],
  valuesTitleBad: ['Even when sizes come back, values do not.', '크기가 돌아오더라도 값은 돌아오지 않습니다.'],
  roundtripLabel: ['Values after the round trip', '왕복한 뒤의 값'],
  roundtripCell: [(r, c, v) => `round trip row ${r} column ${c}: ${v}`, (r, c, v) => `왕복 결과 ${r}행 ${c}열: ${v}`],
  notDefinedShort: ['(not defined)', '(정의되지 않음)'],
  notDefinedSizes: ['Not defined for these sizes.', '이 크기에서는 정의되지 않습니다.'],
  notDefined: [(e) => `Not defined: ${e}`, (e) => `정의되지 않음: ${e}`],
  heightAndWidth: ['Height and width (the same numbers)', '높이와 너비 (같은 숫자)'],
  height: ['Height', '높이'],
  width: ['Width', '너비'],
  inGeneral: ['In general: ', '일반적으로: '],
  stuffedLength: ['(stuffed length)', '(0을 끼운 길이)'],
  titleC2T: ['Conv2d, then ConvTranspose2d (the seed’s proof)', 'Conv2d 다음 ConvTranspose2d (질문 속 증명)'],
  titleT2C: ['ConvTranspose2d, then Conv2d', 'ConvTranspose2d 다음 Conv2d'],
  otherDirection: [' — the other direction, from the same input size', ' — 같은 입력 크기에서 반대 방향'],
  badgeYes: ['✓ size comes back', '✓ 크기가 돌아옴'],
  badgeNo: ['✗ size does not come back', '✗ 크기가 돌아오지 않음'],
  remainderHW: [(h, w) => `${h} (height), ${w} (width)`, (h, w) => `${h} (높이), ${w} (너비)`],
  remainderZero: ['The remainder r is 0: (I+2p−d(k−1)−1) divides exactly by s, which is what the seed’s proof silently assumes. No output_padding is needed.', '나머지 r이 0입니다: (I+2p−d(k−1)−1)이 s로 나누어떨어지며, 질문 속 증명은 이것을 말없이 가정합니다. output_padding이 필요 없습니다.'],
  remainderFixed: [(r, mx, a) => `Conv2d rounded down and dropped r = ${r} ${lines(mx)}; output_padding = ${a} puts them back, so the size comes back.`, (r, mx, a) => `Conv2d가 내림으로 r = ${r}줄을 버렸고, output_padding = ${a}이 그것을 되돌려 크기가 돌아옵니다.`],
  whyLead: ['Why: ', '이유: '],
  fixLead: ['Fix: ', '해결: '],
  whyRemainder: [(r) => `Conv2d rounds (I+2p−d(k−1)−1)/s down, and the remainder r = ${r} is the number of input rows/columns that the rounding throws away. ConvTranspose2d cannot know they existed, so it returns I − r + a.`, (r) => `Conv2d는 (I+2p−d(k−1)−1)/s를 내림하고, 나머지 r = ${r}은 그 내림으로 버려지는 입력 행/열의 수입니다. ConvTranspose2d는 그것이 있었는지 알 수 없으므로 I − r + a를 돌려줍니다.`],
  fixRemainder: [(f, now) => `output_padding = r = ${f} (now ${now}). PyTorch: convT(y, output_size=x.shape) picks it for you. `, (f, now) => `output_padding = r = ${f} (지금은 ${now}). PyTorch에서는 convT(y, output_size=x.shape)가 알아서 골라 줍니다. `],
  useOutputPadding: [(a) => `Use output_padding = ${a}`, (a) => `output_padding = ${a} 쓰기`],
  t2cAlways: ['This direction always works when output_padding < stride: the extra a lines are fewer than one stride step, so Conv2d’s floor removes them again.', '이 방향은 output_padding < stride이면 항상 됩니다: 더한 a줄은 stride 한 걸음보다 적어서 Conv2d의 내림이 다시 없애 줍니다.'],
  t2cWhy: ['output_padding ≥ stride (PyTorch allows it when output_padding < dilation): the extra lines add a whole stride step, so Conv2d counts one more output.', 'output_padding ≥ stride (output_padding < dilation이면 PyTorch가 허용): 더한 줄이 stride 한 걸음 전체가 되어 Conv2d가 출력을 하나 더 셉니다.'],
  t2cFix: ['keep output_padding < stride. ', 'output_padding < stride로 두세요. '],
  valuesText: [(name, m) => `Written as matrices, Conv2d is y = Cx and ConvTranspose2d is Cᵀy: the transpose (that is the name), not the inverse. So ${name} = ${m}, which is not x. Here it is for your x and kernel:`, (name, m) => `행렬로 쓰면 Conv2d는 y = Cx이고 ConvTranspose2d는 Cᵀy입니다: 역행렬이 아니라 전치(이름의 유래)입니다. 그래서 ${name} = ${m}이고, 이것은 x가 아닙니다. 지금의 x와 커널로 계산하면:`],
  backSame: ['equal this time (a special kernel)', '이번에는 같음 (특별한 커널)'],
  backDifferent: ['different numbers', '다른 숫자'],
  backCaption: [(name, d, same) => `${name}, ${d}. Compare with the input x (grid 1): ${same}. ConvTranspose2d undoes the change of size and carries gradients back through Conv2d; it does not undo the values.`, (name, d, same) => `${name}, ${d}. 입력 x(격자 1)와 비교하세요: ${same}. ConvTranspose2d는 크기의 변화를 되돌리고 Conv2d의 기울기를 거꾸로 전달합니다. 값을 되돌리지는 않습니다.`],
  backUndefined: [(name) => `${name} is not defined for these parameters.`, (name) => `이 매개변수에서는 ${name}이(가) 정의되지 않습니다.`],

  // ---- snippet --------------------------------------------------------------------------------
  snippetLabel: ['PyTorch code', 'PyTorch 코드'],
  snippetTitle: ['The same layers in PyTorch', 'PyTorch로 쓴 같은 층'],
  copy: ['Copy as PyTorch', 'PyTorch 코드 복사'],
  copied: ['Copied.', '복사했습니다.'],
  copyByHand: ['Select the code and copy it by hand.', '코드를 선택해서 직접 복사하세요.'],

  // ---- matrix view ----------------------------------------------------------------------------
  matrixHeading: ['Why “transpose”: the convolution as a matrix', '왜 “전치”인가: 행렬로 본 합성곱'],
  matrixIntroConv: [(o, i) => `Conv2d is a linear map: flatten x (${i} cells, row by row) into a column, and y = C x. Each row of C is one output cell, each column one input cell; a nonzero holds the kernel tap that multiplies that input for that output. This is C, ${o} × ${i}.`, (o, i) => `Conv2d는 선형 사상입니다: x(${i}칸)를 행 순서로 펼쳐 열벡터로 만들면 y = C x. C의 각 행은 출력 칸 하나, 각 열은 입력 칸 하나이고, 0이 아닌 칸에는 그 출력을 위해 그 입력에 곱하는 커널 값(탭)이 들어 있습니다. 이것이 ${o} × ${i} 행렬 C입니다.`],
  matrixIntroConvT: [(o, i) => `ConvTranspose2d is the matrix Cᵀ: take the Conv2d with the same k, s, p, d (from ${o} cells to ${i}) and transpose its matrix C. Rows are the ConvTranspose2d’s output cells, columns its input cells. This is Cᵀ, ${o} × ${i}: the letters of each column of C now run along a row.`, (o, i) => `ConvTranspose2d는 행렬 Cᵀ입니다: 같은 k, s, p, d의 Conv2d(${o}칸에서 ${i}칸으로)의 행렬 C를 전치한 것입니다. 행은 ConvTranspose2d의 출력 칸, 열은 입력 칸입니다. 이것이 ${o} × ${i} 행렬 Cᵀ입니다: C의 각 열에 있던 글자들이 이제 한 행을 따라 놓입니다.`],
  matrixNameC: ['C (Conv2d)', 'C (Conv2d)'],
  matrixNameCT: ['Cᵀ (ConvTranspose2d)', 'Cᵀ (ConvTranspose2d)'],
  matrixKernelLegend: ['Kernel taps, as letters:', '커널 탭(글자로 표시):'],
  matrixTapLetter: [(l, r, c, v) => `${l} = ${v}: w(${r},${c})`, (l, r, c, v) => `${l} = ${v}: w(${r},${c})`],
  matrixCell: [(r, c, tap) => `row ${r}, column ${c}: ${tap}`, (r, c, tap) => `${r}행, ${c}열: ${tap}`],
  matrixZero: ['0', '0'],
  matrixStats: [(nz, total, pct) => `${nz} nonzeros of ${total} entries (${pct}%): almost all of C is zero, which is why nobody computes a convolution as a matrix product.`, (nz, total, pct) => `전체 ${total}칸 중 0이 아닌 칸 ${nz}개 (${pct}%): C는 거의 0이라서 합성곱을 행렬 곱으로 계산하지 않습니다.`],
  matrixReadoutRow: [(r, o, terms) => `Row ${r} = output cell y${o} = ${terms}`, (r, o, terms) => `${r}행 = 출력 칸 y${o} = ${terms}`],
  matrixReadoutCol: [(c, i, outs) => `Column ${c} = input cell x${i}: it reaches ${outs}`, (c, i, outs) => `${c}열 = 입력 칸 x${i}: 도달하는 출력 ${outs}`],
  matrixReadoutHint: ['Point at a row of the matrix (or use the arrow keys on it): the output cell and its input cells light up in the grids above. Point at a grid cell: its row or column lights up here.', '행렬의 한 행을 가리키거나 (방향키로 이동) 보세요: 위 격자에서 그 출력 칸과 입력 칸이 밝아집니다. 격자 칸을 가리키면 여기서 그 행이나 열이 밝아집니다.'],
  matrixNothing: ['0 (no input reaches it)', '0 (닿는 입력 없음)'],
  matrixNone: ['no output cell', '출력 칸 없음'],
  matrixCanvasNote: [(r, c) => `${r} × ${c} is too many cells to draw one by one: drawn as a picture (each dot a nonzero). Zoom with the buttons; point or use the arrow keys to read a row.`, (r, c) => `${r} × ${c}은(는) 칸을 하나씩 그리기에 너무 많아 그림으로 그렸습니다 (점 하나가 0이 아닌 칸). 버튼으로 확대하고, 가리키거나 방향키로 행을 읽으세요.`],
  matrixSummary: [(r, c, nz) => `${r} × ${c} is too large to draw (${nz} nonzeros). Each row holds at most one entry per kernel tap; choose smaller sizes to see it.`, (r, c, nz) => `${r} × ${c}은(는) 그리기에 너무 큽니다 (0이 아닌 칸 ${nz}개). 각 행에는 커널 탭마다 많아야 하나의 값이 있습니다; 작은 크기를 고르면 볼 수 있습니다.`],
  zoomIn: ['Zoom in', '확대'],
  zoomOut: ['Zoom out', '축소'],
  matrixCanvasLabel: [(name, r, c) => `Matrix ${name}, ${r} rows by ${c} columns, drawn as a picture. Use the arrow keys to move between rows and columns.`, (name, r, c) => `행렬 ${name}, ${r}행 ${c}열, 그림으로 표시. 방향키로 행과 열을 옮겨 다니세요.`],
  matrixGridLabel: [(name) => `Matrix ${name}`, (name) => `행렬 ${name}`],

  // ---- adjoint --------------------------------------------------------------------------------
  adjointTitle: ['The transpose identity, live: ⟨Conv(x), y⟩ = ⟨x, ConvT(y)⟩', '전치의 성질, 실시간: ⟨Conv(x), y⟩ = ⟨x, ConvT(y)⟩'],
  adjointIntro: [(bx, sy) => `Random x (${bx}) and y (${sy}), your kernel w. Conv2d(x) multiplies by C, ConvTranspose2d(y) by Cᵀ; for any x and y the two dot products are equal, because ⟨Cx, y⟩ = ⟨x, Cᵀy⟩ is what “transpose” means.`, (bx, sy) => `무작위 x(${bx})와 y(${sy}), 그리고 지금의 커널 w. Conv2d(x)는 C를 곱하고, ConvTranspose2d(y)는 Cᵀ를 곱합니다; 어떤 x와 y에 대해서도 두 내적은 같습니다. ⟨Cx, y⟩ = ⟨x, Cᵀy⟩가 바로 “전치”의 뜻이기 때문입니다.`],
  adjointLhs: ['⟨Conv2d(x), y⟩', '⟨Conv2d(x), y⟩'],
  adjointRhs: ['⟨x, ConvTranspose2d(y)⟩', '⟨x, ConvTranspose2d(y)⟩'],
  adjointOk: [(d) => `✓ equal to float precision (difference ${d})`, (d) => `✓ 부동소수점 정밀도 안에서 같음 (차이 ${d})`],
  adjointBad: [(d) => `✗ differ by ${d}`, (d) => `✗ 차이 ${d}`],
  adjointOpNote: [(a) => `(the ConvTranspose2d here uses output_padding = ${a}, so that it returns exactly the size of x)`, (a) => `(여기의 ConvTranspose2d는 x와 정확히 같은 크기를 돌려주도록 output_padding = ${a}을 씁니다)`],
  adjointCropNote: ['(output_padding ≥ stride: Conv2d(x) has extra cells that no ConvTranspose2d input reaches; they are left out of the dot product)', '(output_padding ≥ stride: Conv2d(x)에는 어떤 ConvTranspose2d 입력도 닿지 않는 칸이 더 있어 내적에서 뺍니다)'],
  adjointNotInverse: ['But Conv2d(ConvTranspose2d(y)) = C Cᵀ y is not y:', '하지만 Conv2d(ConvTranspose2d(y)) = C Cᵀ y는 y가 아닙니다:'],
  adjointRowY: ['y', 'y'],
  adjointRowBack: ['C Cᵀ y', 'C Cᵀ y'],
  adjointFirst: [(n, total) => `(first ${n} of ${total} values)`, (n, total) => `(${total}개 값 중 처음 ${n}개)`],
  adjointMaxDiff: [(d) => `largest difference from y: ${d}`, (d) => `y와의 최대 차이: ${d}`],
  adjointMeaning: ['In one sentence: ConvTranspose2d is the transpose Cᵀ, not the inverse C⁻¹ — it maps back to the input’s shape and carries gradients backwards through Conv2d (backprop multiplies by Cᵀ), but it does not give the input values back.', '한 문장으로: ConvTranspose2d는 역행렬 C⁻¹가 아니라 전치 Cᵀ입니다 — 입력의 모양으로 되돌리고 Conv2d의 기울기를 거꾸로 전달하지만 (역전파는 Cᵀ를 곱함), 입력의 값을 돌려주지는 않습니다.'],
  adjointReroll: ['New random x and y', '새 무작위 x와 y'],
  adjointUndefined: [(e) => `Not defined for these parameters: ${e}`, (e) => `이 매개변수에서는 정의되지 않습니다: ${e}`],

  // ---- overlap view ---------------------------------------------------------------------------
  overlapHeading: ['Overlap: how many kernel taps land on each output cell', '겹침: 각 출력 칸에 커널 탭이 몇 개 떨어지나'],
  overlapIntroConvT: ['Each input pixel of ConvTranspose2d stamps the whole kernel onto the output, s cells apart. Where stamps overlap, a cell sums more products. The number on each cell counts them (a ConvTranspose2d of all ones with an all-ones kernel).', 'ConvTranspose2d의 입력 픽셀 하나하나가 출력에 커널 전체를 s칸 간격으로 찍습니다. 찍힌 것들이 겹치는 곳에서는 더 많은 곱을 더합니다. 각 칸의 숫자가 그 개수입니다 (모두 1인 입력과 모두 1인 커널의 ConvTranspose2d).'],
  overlapIntroConv: [(d) => `Overlap is a property of ConvTranspose2d. In Conv2d mode this shows the ConvTranspose2d with the same k, s, p, d, a on the way back, from the Conv2d output (${d}).`, (d) => `겹침은 ConvTranspose2d의 성질입니다. Conv2d 모드에서는 되돌아가는 길, 즉 Conv2d 출력(${d})에서 시작하는 같은 k, s, p, d, a의 ConvTranspose2d를 보여 줍니다.`],
  overlapLayers: ['Stack of ConvTranspose2d layers (same parameters)', '같은 매개변수의 ConvTranspose2d 층 쌓기'],
  overlapLayerN: [(n) => (n === 1 ? '1 layer' : `${n} layers`), (n) => `${n}개 층`],
  overlapEven: [(n) => `Even: away from the borders every cell receives ${n} taps. The kernel size is a multiple of the stride, so every stamp pattern tiles the output evenly.`, (n) => `고름: 가장자리를 빼면 모든 칸이 탭 ${n}개를 받습니다. 커널 크기가 stride의 배수라서 찍는 무늬가 출력을 고르게 덮습니다.`],
  overlapUneven: [(lo, hi) => `Checkerboard: away from the borders, cells receive between ${lo} and ${hi} taps, in a repeating pattern. The kernel size is not a multiple of the stride, so neighbouring output cells sum different numbers of products — the checkerboard artifact of upsampling with ConvTranspose2d.`, (lo, hi) => `체커보드: 가장자리를 빼도 칸마다 탭을 ${lo}개에서 ${hi}개까지 반복되는 무늬로 받습니다. 커널 크기가 stride의 배수가 아니라서 이웃한 출력 칸들이 서로 다른 개수의 곱을 더합니다 — ConvTranspose2d로 업샘플링할 때 생기는 체커보드 현상입니다.`],
  overlapHoles: ['Some output cells receive no tap at all (holes): with this dilation the taps never reach some stride phases.', '어떤 출력 칸은 탭을 하나도 받지 못합니다 (구멍): 이 dilation에서는 탭이 어떤 위상에도 닿지 않습니다.'],
  overlapPhases: [(list) => `Taps per output phase (row mod s, column mod s): ${list}.`, (list) => `출력 위상(행 mod s, 열 mod s)별 탭 수: ${list}.`],
  overlapStacked: [(n, lo, hi) => `After ${n} layers the counts (paths from the input) range from ${lo} to ${hi}: ${hi > lo ? 'the unevenness compounds.' : 'still even.'}`, (n, lo, hi) => `${n}개 층 뒤의 개수(입력에서 오는 경로 수)는 ${lo}부터 ${hi}까지: ${hi > lo ? '고르지 않음이 쌓입니다.' : '여전히 고릅니다.'}`],
  overlapGridLabel: [(n, d) => `Overlap counts after ${n === 1 ? '1 layer' : `${n} layers`}, ${d}`, (n, d) => `${n}개 층 뒤의 겹침 수, ${d}`],
  overlapCell: [(r, c, v) => `row ${r} column ${c}: ${v}`, (r, c, v) => `${r}행 ${c}열: ${v}`],
  overlapTooBig: [(n, d) => `Layer ${n} would be ${d}: too large for this page; showing fewer layers.`, (n, d) => `${n}번째 층은 ${d}이(가) 되어 이 페이지에 너무 큽니다; 층을 덜 보여 줍니다.`],
  overlapCanvasNote: ['Too many cells for numbers: drawn as a heatmap (stronger colour = more taps). Point at it to read a count.', '숫자로 쓰기에는 칸이 너무 많아 열지도로 그렸습니다 (색이 강할수록 탭이 많음). 가리키면 개수를 읽을 수 있습니다.'],
  overlapScale: [(lo, hi) => `Colour: ${lo} (faintest) to ${hi} (strongest).`, (lo, hi) => `색: ${lo} (가장 옅음)부터 ${hi} (가장 진함)까지.`],
  overlapLayerSizes: [(list) => `Sizes: ${list}.`, (list) => `크기: ${list}.`],

  // ---- polyphase view -------------------------------------------------------------------------
  polyHeading: ['Polyphase: s × s small convolutions, no zero ever multiplied', '폴리페이즈: s × s개의 작은 합성곱, 0은 한 번도 곱하지 않음'],
  polyIntro: [(sh, sw, n) => `Output cells fall into ${n} phases by (row mod ${sh}, column mod ${sw}). All cells of one phase use the same few kernel taps — a sub-kernel W[r::${sh}, c::${sw}] (rearranged for the padding) — so each phase is an ordinary stride-1 convolution of the un-stuffed input x. Interleave the phase outputs and you have the ConvTranspose2d output.`, (sh, sw, n) => `출력 칸은 (행 mod ${sh}, 열 mod ${sw})에 따라 ${n}개의 위상으로 나뉩니다. 한 위상의 칸들은 모두 같은 몇 개의 커널 탭 — 부분 커널 W[r::${sh}, c::${sw}] (패딩에 맞게 재배치) — 을 쓰므로, 각 위상은 0을 끼우지 않은 입력 x의 보통 stride 1 합성곱입니다. 위상들의 출력을 엇갈려 끼우면 ConvTranspose2d의 출력이 됩니다.`],
  polyIntroConv: ['In Conv2d mode this shows the ConvTranspose2d with the same k, s, p, d, a applied to the input x.', 'Conv2d 모드에서는 같은 k, s, p, d, a의 ConvTranspose2d를 입력 x에 적용한 것을 보여 줍니다.'],
  polyPhase: [(l, r, c) => `Phase ${l}: output rows ${r}; columns ${c}`, (l, r, c) => `위상 ${l}: 출력 ${r}행; ${c}열`],
  polySub: [(d, taps) => `sub-kernel (${d}): ${taps}`, (d, taps) => `부분 커널 (${d}): ${taps}`],
  polySubNone: ['no tap: these cells are 0', '탭 없음: 이 칸들은 0'],
  polyOut: [(d) => `its output (${d})`, (d) => `그 출력 (${d})`],
  polyMult: [(n) => `${n} multiplies`, (n) => `곱셈 ${n}번`],
  polySubLabel: [(l) => `Sub-kernel of phase ${l}`, (l) => `위상 ${l}의 부분 커널`],
  polyOutLabel: [(l) => `Output of phase ${l}`, (l) => `위상 ${l}의 출력`],
  polyTapCell: [(r, c, v) => `w(${r},${c}) = ${v}`, (r, c, v) => `w(${r},${c}) = ${v}`],
  polyInterleaveTitle: [(d) => `Interleaved (${d}): each cell comes from the phase named by its letter`, (d) => `엇갈려 끼운 결과 (${d}): 각 칸은 글자가 가리키는 위상에서 옵니다`],
  polyInterleaveLabel: ['Interleaved phase outputs', '엇갈려 끼운 위상 출력'],
  polyInterleaveCell: [(r, c, v, l) => `row ${r} column ${c}: ${v}, from phase ${l}`, (r, c, v, l) => `${r}행 ${c}열: ${v}, 위상 ${l}에서`],
  polyEqual: [(n) => `✓ All ${n} cells equal the ConvTranspose2d output (grid 4).`, (n) => `✓ ${n}칸 모두 ConvTranspose2d 출력(격자 4)과 같습니다.`],
  polyEqualConv: [(n) => `✓ All ${n} cells equal ConvTranspose2d(x) computed directly by the core.`, (n) => `✓ ${n}칸 모두 코어가 직접 계산한 ConvTranspose2d(x)와 같습니다.`],
  polyDiffer: [(d) => `✗ differs from the ConvTranspose2d output by up to ${d}`, (d) => `✗ ConvTranspose2d 출력과 최대 ${d} 차이`],
  polyCounts: [(p, s, w) => `Multiplies: polyphase ${p}; zero-stuffed convolution ${s}, of which ${w} multiply an inserted zero or padding. Same numbers, ${w} fewer multiplications.`, (p, s, w) => `곱셈 수: 폴리페이즈 ${p}번; 0을 끼운 합성곱 ${s}번, 그중 ${w}번은 삽입된 0이나 패딩을 곱합니다. 같은 숫자를 ${w}번 적은 곱셈으로 얻습니다.`],
  polyManyPhases: [(shown, n) => `Showing ${shown} of ${n} phases.`, (shown, n) => `${n}개 위상 중 ${shown}개를 보여 줍니다.`],
  polyUndefined: [(e) => `Not defined for these parameters: ${e}`, (e) => `이 매개변수에서는 정의되지 않습니다: ${e}`],

  // ---- image view -----------------------------------------------------------------------------
  imageHeading: ['Image mode: the same layer on a picture', '이미지 모드: 같은 층을 사진에'],
  imageIntro: ['The current operation, parameters and kernel w (grid 2) run on every colour channel of a picture (one depthwise call, groups = 3, on the fast core). Change anything above and the picture updates. Your picture never leaves this page.', '지금의 연산, 매개변수, 커널 w(격자 2)를 사진의 색 채널마다 적용합니다 (빠른 코어에서 groups = 3인 depthwise 호출 한 번). 위에서 무엇이든 바꾸면 사진이 바로 바뀝니다. 사진은 이 페이지 밖으로 나가지 않습니다.'],
  imageSource: ['Picture', '사진'],
  imageBuiltin: [(n) => `Built-in test picture, ${n}×${n}`, (n) => `내장 테스트 그림, ${n}×${n}`],
  imagePick: ['Your picture (stays on this device)…', '내 사진 (이 기기 밖으로 나가지 않음)…'],
  imageDrop: ['or drop a picture here', '또는 사진을 여기로 끌어다 놓기'],
  imageUser: [(name, d) => `Your picture: ${name} (${d})`, (name, d) => `내 사진: ${name} (${d})`],
  imageScaled: [(d) => `scaled down to ${d} so it runs live`, (d) => `실시간으로 돌도록 ${d}로 줄임`],
  imageReadError: ['That file could not be read as a picture.', '그 파일을 사진으로 읽을 수 없습니다.'],
  imagePresets: ['Kernel presets (they set the parameters and grid 2):', '커널 예제 (매개변수와 격자 2를 바꿉니다):'],
  imgBlur: ['Conv: blur', 'Conv: 흐리게'],
  imgEdge: ['Conv: edges', 'Conv: 윤곽선'],
  imgSharpen: ['Conv: sharpen', 'Conv: 선명하게'],
  imgUp2: ['ConvT: ×2 bilinear', 'ConvT: ×2 쌍선형'],
  imgUp3: ['ConvT: ×3 bilinear', 'ConvT: ×3 쌍선형'],
  imgRandom: ['ConvT: ×2 random kernel (checkerboard)', 'ConvT: ×2 무작위 커널 (체커보드)'],
  imageCustom: ['Custom kernel: edit grid 2 (or any parameter) above.', '직접 만든 커널: 위의 격자 2(또는 매개변수)를 편집하세요.'],
  imageDisplay: ['Show values', '값 표시'],
  imageDisplayClip: ['as they are (clipped to 0–1)', '그대로 (0–1로 자름)'],
  imageDisplayAuto: ['stretched (min → black, max → white)', '늘려서 (최솟값 → 검정, 최댓값 → 흰색)'],
  imageDisplayAbs: ['absolute value |v|', '절댓값 |v|'],
  imageIn: [(d) => `Input x: ${d}`, (d) => `입력 x: ${d}`],
  imageOut: [(op, d) => `Output ${op}(x): ${d}`, (op, d) => `출력 ${op}(x): ${d}`],
  imageSizeRule: [(i, o) => `${i} → ${o}: the same output-size rule as the grids (grid 4), applied to the picture’s size.`, (i, o) => `${i} → ${o}: 격자(격자 4)와 같은 출력 크기 규칙을 사진 크기에 적용한 것입니다.`],
  imageTime: [(ms, macs) => `computed in ${ms} ms (${macs} multiply-adds)`, (ms, macs) => `${ms} ms에 계산 (곱셈-덧셈 ${macs}번)`],
  imageTooHeavy: [(n, max) => `This kernel on this picture needs ${n} multiply-adds; image mode runs live up to ${max}. Choose a smaller kernel or picture.`, (n, max) => `이 커널을 이 사진에 쓰면 곱셈-덧셈이 ${n}번 필요합니다; 이미지 모드는 ${max}번까지 실시간으로 돌립니다. 더 작은 커널이나 사진을 고르세요.`],
  imageTooBig: [(d) => `The output would be ${d} pixels: too large to show. Choose a smaller stride or picture.`, (d) => `출력이 ${d} 픽셀이 되어 보여 주기에 너무 큽니다. 더 작은 stride나 사진을 고르세요.`],
  imageUndefined: [(e) => `Not defined for this picture: ${e}`, (e) => `이 사진에서는 정의되지 않습니다: ${e}`],
  imageInAlt: [(d) => `Input picture, ${d}`, (d) => `입력 사진, ${d}`],
  imageOutAlt: [(op, d) => `Output of ${op}, ${d}`, (op, d) => `${op}의 출력, ${d}`],
  imageCheckerHint: ['Look closely at the ConvTranspose2d output with a random kernel: a regular grid pattern appears even on smooth areas — the overlap map’s checkerboard, in a picture.', '무작위 커널의 ConvTranspose2d 출력을 자세히 보세요: 매끈한 부분에도 규칙적인 격자 무늬가 보입니다 — 겹침 지도의 체커보드가 사진에 나타난 것입니다.'],
};

/** A translator for `lang`: tr(key, ...args) -> text. Unknown keys show [[missing:key]] (a test looks for it). */
export function makeT(lang) {
  const idx = lang === 'ko' ? 1 : 0;
  return function tr(key, ...args) {
    const e = S[key];
    if (!e) return `[[missing:${key}]]`;
    const v = e[idx] ?? e[0];
    return typeof v === 'function' ? v(...args) : v;
  };
}

/** 'ko', 'ko-KR', 'en-US' ... -> a supported language, or null. */
export function parseLang(text) {
  if (text == null) return null;
  const s = String(text).trim().toLowerCase();
  for (const l of LANGS) if (s === l || s.startsWith(`${l}-`) || s.startsWith(`${l}_`)) return l;
  return null;
}

/** The language from an explicit value, else the browser's, else English. */
export function pickLang(explicit) {
  return parseLang(explicit) || (typeof navigator !== 'undefined' && parseLang(navigator.language)) || 'en';
}

export const STRING_KEYS = Object.keys(S);
