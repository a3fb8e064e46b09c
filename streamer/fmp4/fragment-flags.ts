/** tfhd flags (ISO/IEC 14496-12 §8.8.7). */
export const TFHD_BASE_DATA_OFFSET = 0x000001;
export const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
export const TFHD_DEFAULT_SAMPLE_DURATION = 0x000008;
/** Data offsets are relative to the start of the moof (CMAF requires it). */
export const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;

/** trun flags (§8.8.8): which fields the run and each sample carry. */
export const TRUN_DATA_OFFSET = 0x000001;
export const TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
export const TRUN_DURATION = 0x000100;
export const TRUN_SIZE = 0x000200;
export const TRUN_FLAGS = 0x000400;
export const TRUN_COMPOSITION = 0x000800;
