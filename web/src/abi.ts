/**
 * The parts of the contracts' ABIs the pages use, in ethers' human-readable form. A test checks every fragment
 * here against the compiled artifacts, so the pages cannot drift from the contracts.
 */
export const TICKET_ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function cap() view returns (uint256)",
  "function totalMinted() view returns (uint256)",
  "function ownerOf(uint256 tokenId) view returns (address)",
  "function balanceOf(address owner) view returns (uint256)",
  "function tokenURI(uint256 tokenId) view returns (string)",
  "function contractURI() view returns (string)",
  "function paused() view returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)",
  "event MetadataUpdate(uint256 _tokenId)",
  "event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId)",
] as const;
